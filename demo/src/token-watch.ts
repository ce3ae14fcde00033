/** The latest token response a manager received, as the server issued it. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | undefined;
}

/** A `fetch` for a token manager that remembers the latest tokens issued to it. */
export interface TokenWatch {
  fetch: typeof fetch;
  latest(): IssuedTokens | undefined;
}

/**
 * Lets the demo check, after dispose, that the server no longer honours what
 * the manager held. Only the demo needs this: real code never looks at tokens.
 * The tokens stay in memory, and are never printed.
 */
export function watchIssuedTokens(inner: typeof fetch = globalThis.fetch): TokenWatch {
  let latest: IssuedTokens | undefined;
  const watched: typeof fetch = async (input, init) => {
    const response = await inner(input, init);
    if (response.ok && response.headers.get('content-type')?.includes('json')) {
      try {
        const body = (await response.clone().json()) as Record<string, unknown>;
        if (typeof body.access_token === 'string') {
          latest = {
            accessToken: body.access_token,
            refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
          };
        }
      } catch {
        // Not a token response (discovery, revocation): nothing to remember.
      }
    }
    return response;
  };
  return { fetch: watched, latest: () => latest };
}
