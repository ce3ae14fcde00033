import { Agent } from 'node:http';
import { Readable } from 'node:stream';
import { bearerHooks } from '@tokenkeeper/got';
import { payloads, runAdapterSuite, type SendRequest } from '@tokenkeeper/test-utils/adapter-suite';
import got, { type OptionsInit, type Response } from 'got';

/** The body options of each body kind, as got users write them. */
function body(kind: SendRequest['body']): OptionsInit {
  switch (kind) {
    case undefined:
      return {};
    case 'json':
      return { json: payloads.json };
    case 'text':
      return { body: payloads.text, headers: { 'content-type': 'text/plain' } };
    case 'urlencoded':
      return { form: Object.fromEntries(payloads.urlencoded()) };
    case 'blob':
      return { body: payloads.bytes(), headers: { 'content-type': 'application/octet-stream' } };
    case 'arraybuffer':
      return { body: new Uint8Array(payloads.arraybuffer()) };
    case 'stream':
      return { body: Readable.from(streamChunks()) };
    default:
      return { body: payloads[kind]() };
  }
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

runAdapterSuite({
  name: 'got',
  perRequestBaseUrl: true,
  client(tokens, { baseUrl, origins, params }) {
    const api = got.extend({
      prefixUrl: baseUrl ?? '',
      hooks: bearerHooks(tokens, { origins, ...params }),
      throwHttpErrors: false,
      retry: { limit: 0 },
      // got opens a socket per request; 2,000 at once need a pool, as they would in production.
      agent: { http: agent },
    });
    return async ({
      url,
      method,
      body: kind,
      authorization,
      optOut,
      bearer,
      baseUrl: ownBase,
      signal,
    }) => {
      const init = body(kind);
      const response = (await api(url, {
        ...init,
        method,
        headers: { ...init.headers, ...(authorization ? { authorization } : {}) },
        signal,
        ...(ownBase ? { prefixUrl: ownBase } : {}),
        ...(optOut ? { context: { bearer: false } } : bearer ? { context: { bearer } } : {}),
        // Absolute URLs bypass `prefixUrl`; got needs to be told they are wanted.
        allowAbsoluteUrls: true,
      })) as Response<string>;
      const contentType = response.headers['content-type'];
      return { status: response.statusCode, body: response.body, contentType };
    };
  },
});

async function* streamChunks() {
  const bytes = payloads.bytes();
  yield bytes.subarray(0, 2048);
  yield bytes.subarray(2048);
}
