import type { TokenParams, TokenSource } from '@tokenkeeper/core';

/** The body kinds a client must replay after a 401. */
export type BodyKind =
  | 'json'
  | 'text'
  | 'urlencoded'
  | 'formdata'
  | 'blob'
  | 'arraybuffer'
  | 'stream';

/** One request, in client-neutral terms. */
export interface SendRequest {
  url: string;
  method?: 'GET' | 'POST';
  body?: BodyKind;
  /** An explicit `Authorization` header set by the caller. */
  authorization?: string;
  /** Use the adapter's per-request opt-out. */
  optOut?: boolean;
  /** The adapter's per-request token set (`bearer: { scope }`, `context: { bearer: … }`). */
  bearer?: TokenParams;
  /**
   * This request's own base URL (axios `baseURL`, ky `baseUrl`, got `prefixUrl`), with a
   * relative `url`; only for adapters with {@link AdapterUnderTest.perRequestBaseUrl}.
   */
  baseUrl?: string;
  signal?: AbortSignal;
}

/** What came back; HTTP errors are turned into a reply, anything else rejects. */
export interface Reply {
  status: number;
  body: string;
  contentType: string | undefined;
}

export type Send = (request: SendRequest) => Promise<Reply>;

/** How a client is set up: its base URL, and the adapter's own options. */
export interface ClientSetup {
  baseUrl?: string;
  origins?: string[];
  /** The adapter's own token set (`scope`, `audience`, `resource` beside `origins`). */
  params?: TokenParams;
}

export interface AdapterUnderTest {
  name: string;
  /** A client of the real HTTP library with the adapter attached. */
  client(tokens: TokenSource, setup: ClientSetup): Send;
  /** True when the client itself keeps a copy of a stream body (ky does), so it is replayed too. */
  replaysStreams?: boolean;
  /** True when a request can bring its own base URL ({@link SendRequest.baseUrl}); fetch has none. */
  perRequestBaseUrl?: boolean;
  /**
   * True when the adapter cannot tell a request's own base URL from its client's and takes
   * the base URL of the client's first request instead (ky: hooks see merged options).
   */
  pinsFirstBaseUrl?: boolean;
}
