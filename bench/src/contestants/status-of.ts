// How each client reports an HTTP error status when it throws for one (their default).

/** The status of an error that carries an HTTP response (axios, ky, got), else rethrows. */
export function statusOf(error: unknown): number {
  const response = (error as { response?: { status?: unknown; statusCode?: unknown } } | null)
    ?.response;
  const status = response?.status ?? response?.statusCode;
  if (typeof status === 'number') return status;
  throw error;
}
