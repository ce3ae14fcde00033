import { parseArgs } from 'node:util';

/** What one run of the demo does. */
export interface DemoOptions {
  /** How long the clients send requests, in seconds. */
  durationS: number;
  /** Requests each client keeps in flight at once. */
  concurrency: number;
  /** Access-token lifetime the server issues, in seconds. */
  ttlS: number;
}

export const USAGE = `Usage: pnpm demo [--duration <s>] [--concurrency <n>] [--ttl <s>]

  --duration <s>     how long the clients send requests (default 12, at most 600)
  --concurrency <n>  requests each client keeps in flight (default 8, at most 256)
  --ttl <s>          access-token lifetime the server issues (default 3, at least 2)
`;

const LIMITS = {
  duration: { min: 2, max: 600, fallback: 12 },
  concurrency: { min: 1, max: 256, fallback: 8 },
  // One second is too short: JWT `exp` has whole-second precision, so a token could be born expired.
  ttl: { min: 2, max: 3600, fallback: 3 },
} as const;

/**
 * Parses the command line.
 * @returns the options, or `undefined` when `--help` was asked for
 * @throws TypeError naming the option that is out of range or not a number
 */
export function parseOptions(argv: string[]): DemoOptions | undefined {
  const { values } = parseArgs({
    // `pnpm demo -- --ttl 5` hands the script a leading `--`; it means nothing here.
    args: argv[0] === '--' ? argv.slice(1) : argv,
    options: {
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      ttl: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) return undefined;
  return {
    durationS: numberOption('duration', values.duration),
    concurrency: Math.round(numberOption('concurrency', values.concurrency)),
    ttlS: numberOption('ttl', values.ttl),
  };
}

function numberOption(name: keyof typeof LIMITS, raw: string | undefined): number {
  const { min, max, fallback } = LIMITS[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new TypeError(`--${name} must be a number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}
