import { startOidcServer } from '@tokenkeeper/test-utils';
import { type DemoOptions, parseOptions, USAGE } from './cli-options.ts';
import { disposeAndCheck } from './logout-check.ts';
import { clientTable, clockOf, summaryLine, totalsOf } from './report.ts';
import { planScenario, runScenario } from './scenario.ts';
import { startClients } from './start-clients.ts';
import { createLiveView } from './view/live-view.ts';
import { createStyle } from './view/style.ts';
import { runWorkload } from './workload.ts';

let options: DemoOptions | undefined;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}
if (!options) {
  process.stdout.write(USAGE);
  process.exit(0);
}

const { durationS, concurrency, ttlS } = options;
const durationMs = durationS * 1000;
// Whatever happens, the demo ends: a hung run fails rather than waiting forever.
setTimeout(() => {
  process.stderr.write('demo: still running well past its duration, giving up\n');
  process.exit(1);
}, durationMs + 30_000).unref();

const out = process.stdout;
const style = createStyle(out);
const idp = await startOidcServer({ accessTokenTtl: ttlS });
const clients = await startClients(idp);

out.write(
  [
    style.bold('tokenkeeper demo') +
      ': everything runs in this process on 127.0.0.1, no credentials',
    `  OAuth server  oidc-provider at ${idp.issuer}, access tokens live ${ttlS} s`,
    `  API           one copy per client, each checking tokens with that server`,
    `  clients       ${clients.map((c) => c.name).join(', ')}, ${concurrency} requests in flight each, for ${durationS} s`,
    '  one token manager per client, so each line below counts its own token requests;',
    '  clients that share one manager would share its token and its single refresh',
    '',
  ].join('\n'),
);

const view = createLiveView(out);
const startedAt = Date.now();
let phase = `tokens expire every ${ttlS} s`;
const draw = () => {
  // The protected API keeps every request for tests; the demo does not need them, and memory should stay flat.
  for (const client of clients) client.api.requests.length = 0;
  const clock = clockOf(startedAt);
  const header = `${clock} ${style.dim(`of ${durationS} s ·`)} ${phase}`;
  view.render([header, ...clientTable(clients, style)], summaryLine(clients, clock));
};

const stop = new AbortController();
process.once('SIGINT', () => {
  view.log(style.yellow('stopping early (Ctrl-C); logging out before exit'));
  stop.abort();
});

view.log(`${clockOf(startedAt)} clients start`);
const cancelScenario = runScenario(planScenario(idp, durationMs), (step) => {
  phase = step.phase;
  view.log(`${clockOf(startedAt)} ${style.yellow(step.message)}`);
});
const ticker = setInterval(draw, view.live ? 150 : 250);
await runWorkload(clients, { concurrency, untilMs: startedAt + durationMs, signal: stop.signal });
clearInterval(ticker);
cancelScenario();
idp.setOutage(false);
view.log(`${clockOf(startedAt)} clients stop`);
view.close();

const totals = totalsOf(clients);
const tokenRetries = clients.reduce((sum, c) => sum + c.stats.tokenRetries, 0);
out.write(`\n${style.bold('Per client')}\n${clientTable(clients, style).join('\n')}\n\n`);
out.write(
  `token endpoint: ${idp.stats().tokenRequests} requests from ${clients.length} managers; ` +
    `${tokenRetries} answered 503 during the outage and were retried\n`,
);
for (const client of clients) {
  for (const sample of client.stats.failureSamples)
    out.write(style.red(`  ${client.name}: ${sample}\n`));
}

const logout = await disposeAndCheck(idp, clients);
const loggedOutLine = `logged out: ${logout.revoked} sessions revoked, ${logout.live} live`;
out.write(`${logout.live === 0 ? style.green(loggedOutLine) : style.red(loggedOutLine)}\n`);
if (logout.refusedAfterwards) {
  out.write('after dispose, getAccessToken() rejects with TokenManagerDisposedError\n');
}

await Promise.all([...clients.map((client) => client.api.close()), idp.close()]);
const ok = totals.failures === 0 && logout.live === 0 && logout.refusedAfterwards;
out.write(
  `${ok ? style.green('OK') : style.red('FAILED')}: ${totals.failures} failed requests, ` +
    `done in ${process.uptime().toFixed(1)} s\n`,
);
process.exitCode = ok ? 0 : 1;
// Keep-alive sockets of the HTTP clients must not hold the exit up.
setTimeout(() => process.exit(), 2_000).unref();
