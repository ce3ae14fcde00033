/**
 * The command-line flags every test run of headless Chromium uses: no sandbox (containers
 * run as root), no GPU, QUIC or first-run work, and no background traffic of its own
 * (component updates, sync) beside the pages under test.
 *
 * Without a dependency on playwright-core, so that anything may import it.
 *
 * @example
 * chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
