/** Where a contestant sends its requests and gets its tokens. */
export interface BenchTarget {
  tokenEndpoint: string;
  clientId: string;
  clientSecret: string;
  /** API origin; contestants set it as their client's base URL where the client has one. */
  apiOrigin: string;
  /** The static token of the floors (bare clients with no middleware). */
  staticToken: string;
}

/** One configured HTTP client, as an application would hold it. */
export interface BenchClient {
  /**
   * GETs `path` (origin-relative, e.g. `/api/data?c=…`), reads and parses the JSON body, and
   * resolves with the HTTP status, whatever it is. Rejects only on transport errors and on
   * errors of the middleware itself (a failed token request, say).
   */
  get(path: string): Promise<number>;
  /** Ends what the client holds (timers, sessions); the process exits right after. */
  close(): Promise<void>;
}

/** What every contestant module exports by default: the one-time setup an application does. */
export type Setup = (target: BenchTarget) => BenchClient;
