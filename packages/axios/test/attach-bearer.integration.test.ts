import { Readable } from 'node:stream';
import { attachBearer } from '@tokenkeeper/axios';
import { payloads, runAdapterSuite, type SendRequest } from '@tokenkeeper/test-utils/adapter-suite';
import axios, { isAxiosError } from 'axios';

/** The `data` of each body kind, as axios users write it. */
function data(kind: SendRequest['body']): unknown {
  switch (kind) {
    case undefined:
      return undefined;
    case 'json':
      return payloads.json;
    case 'text':
      return payloads.text;
    case 'stream':
      return Readable.from(streamChunks());
    default:
      return payloads[kind]();
  }
}

runAdapterSuite({
  name: 'axios',
  perRequestBaseUrl: true,
  client(tokens, { baseUrl, origins, params }) {
    const instance = axios.create({ baseURL: baseUrl, responseType: 'text' });
    attachBearer(instance, tokens, { origins, ...params });
    return async ({
      url,
      method,
      body,
      authorization,
      optOut,
      bearer,
      baseUrl: ownBase,
      signal,
    }) => {
      try {
        const response = await instance.request({
          url,
          method,
          data: data(body),
          headers: {
            ...(authorization ? { Authorization: authorization } : {}),
            ...(body === 'text' ? { 'Content-Type': 'text/plain' } : {}),
          },
          signal,
          ...(ownBase ? { baseURL: ownBase } : {}),
          ...(optOut ? { bearer: false } : bearer ? { bearer } : {}),
        });
        return reply(response);
      } catch (error) {
        if (isAxiosError(error) && error.response) return reply(error.response);
        throw error;
      }
    };
  },
});

function reply(response: { status: number; data: unknown; headers: Record<string, unknown> }) {
  const contentType = response.headers['content-type'];
  return {
    status: response.status,
    body: String(response.data),
    contentType: typeof contentType === 'string' ? contentType : undefined,
  };
}

async function* streamChunks() {
  const bytes = payloads.bytes();
  yield bytes.subarray(0, 2048);
  yield bytes.subarray(2048);
}
