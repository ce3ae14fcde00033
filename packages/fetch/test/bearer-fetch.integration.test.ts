import { bearerFetch } from '@tokenkeeper/fetch';
import { payloads, runAdapterSuite, type SendRequest } from '@tokenkeeper/test-utils/adapter-suite';

/** The `init.body` of each body kind, as code calling fetch writes it. */
function body(kind: SendRequest['body']): BodyInit | undefined {
  switch (kind) {
    case undefined:
      return undefined;
    case 'json':
      return JSON.stringify(payloads.json);
    case 'text':
      return payloads.text;
    default:
      return payloads[kind]();
  }
}

runAdapterSuite({
  name: 'fetch',
  client(tokens, { baseUrl, origins, params }) {
    // fetch has no base URL: an allow-list is all it knows, `baseUrl` stands for one.
    const api = bearerFetch(tokens, {
      origins: origins ?? (baseUrl ? [baseUrl] : undefined),
      ...params,
    });
    return async ({ url, method, body: kind, authorization, optOut, bearer, signal }) => {
      const headers = new Headers(authorization ? { authorization } : {});
      if (kind === 'json') headers.set('content-type', 'application/json');
      const response = await api(url, {
        method,
        headers,
        body: body(kind),
        signal,
        ...(kind === 'stream' ? { duplex: 'half' } : {}),
        ...(optOut ? { bearer: false } : bearer ? { bearer } : {}),
      });
      return {
        status: response.status,
        body: await response.text(),
        contentType: response.headers.get('content-type') ?? undefined,
      };
    };
  },
});
