import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { CHROMIUM_ARGS } from '@tokenkeeper/test-utils';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ENSURE_SCRIPT = fileURLToPath(
  new URL('../../../../scripts/ensure-chromium.sh', import.meta.url),
);

const exists = (path: string, mode = constants.F_OK) =>
  access(path, mode).then(
    () => true,
    () => false,
  );

/**
 * Makes sure Debian's Chromium is at /usr/bin/chromium: when it is missing, runs
 * `scripts/ensure-chromium.sh` (which installs the `chromium` package); without that
 * script, fails with a message that says what to do.
 */
export async function ensureChromium(): Promise<string> {
  if (await exists(CHROMIUM, constants.X_OK)) return CHROMIUM;
  if (!(await exists(ENSURE_SCRIPT))) {
    throw new Error(
      `${CHROMIUM} is missing and scripts/ensure-chromium.sh is not there to install it: ` +
        'run `apt-get install -y chromium` (Debian) and try again',
    );
  }
  await promisify(execFile)('bash', [ENSURE_SCRIPT], { timeout: 900_000 });
  if (!(await exists(CHROMIUM, constants.X_OK))) {
    throw new Error(`scripts/ensure-chromium.sh ran, but ${CHROMIUM} is still missing`);
  }
  return CHROMIUM;
}

/** Launches headless Chromium; playwright-core downloads nothing and uses the system browser. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    timeout: 20_000,
    args: [...CHROMIUM_ARGS],
  });
}
