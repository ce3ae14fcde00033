/** The command line was wrong: the message says how; exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
