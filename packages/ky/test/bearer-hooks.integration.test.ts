import { bearerHooks } from '@tokenkeeper/ky';
import { payloads, runAdapterSuite, type SendRequest } from '@tokenkeeper/test-utils/adapter-suite';
import ky, { isHTTPError, type Options } from 'ky';

/** The body options of each body kind, as ky users write them. */
function body(kind: SendRequest['body']): Options {
  switch (kind) {
    case undefined:
      return {};
    case 'json':
      return { json: payloads.json };
    case 'text':
      return { body: payloads.text };
    default:
      return { body: payloads[kind]() };
  }
}

runAdapterSuite({
  name: 'ky',
  replaysStreams: true,
  perRequestBaseUrl: true,
  pinsFirstBaseUrl: true,
  client(tokens, { baseUrl, origins, params }) {
    const api = ky.create({ baseUrl, hooks: bearerHooks(tokens, { origins, ...params }) });
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
      try {
        const response = await api(url, {
          method,
          ...body(kind),
          headers: authorization ? { authorization } : {},
          signal,
          ...(ownBase ? { baseUrl: ownBase } : {}),
          ...(optOut ? { context: { bearer: false } } : bearer ? { context: { bearer } } : {}),
        });
        return reply(response);
      } catch (error) {
        // ky has already read an error response's body into `error.data`.
        if (isHTTPError(error))
          return {
            status: error.response.status,
            body: JSON.stringify(error.data),
            contentType: error.response.headers.get('content-type') ?? undefined,
          };
        throw error;
      }
    };
  },
});

async function reply(response: Response) {
  return {
    status: response.status,
    body: await response.text(),
    contentType: response.headers.get('content-type') ?? undefined,
  };
}
