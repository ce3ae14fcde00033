// One scenario x contestant, in a fresh process:
//   node --conditions=@tokenkeeper/source --expose-gc src/child.ts '<ChildSpec JSON>'
// Prints `RESULT_PREFIX` + one JSON line (metrics, or an error), then exits.
import { createAdminClient, fetchStaticToken } from './admin-client.ts';
import type { BenchTarget, Setup } from './contestants/types.ts';
import { type ChildSpec, RESULT_PREFIX } from './protocol.ts';
import { failureLog } from './scenarios/context.ts';
import { childScenarios } from './scenarios/index.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec;
const watchdog = setTimeout(() => {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ error: 'child timed out' })}\n`);
  process.exit(3);
}, spec.params.childTimeoutMs ?? 90_000);

try {
  const scenario = childScenarios[spec.scenario];
  if (!scenario) throw new Error(`unknown scenario ${spec.scenario}`);
  const module = (await import(`./contestants/${spec.contestant}.ts`)) as { default: Setup };
  const setup = module.default;
  const staticToken = await fetchStaticToken(spec.server, `${spec.clientId}-static`);
  const target: BenchTarget = {
    tokenEndpoint: spec.server.tokenEndpoint,
    clientId: spec.clientId,
    clientSecret: spec.server.clientSecret,
    apiOrigin: spec.server.apiOrigin,
    staticToken,
  };
  const metrics = await scenario({
    setup,
    target,
    admin: createAdminClient(spec.server, spec.clientId),
    params: spec.params,
    warmClient: () => setup({ ...target, clientId: `${spec.clientId}-warm` }),
  });
  process.stdout.write(
    `${RESULT_PREFIX}${JSON.stringify({ metrics, firstFailure: failureLog.first })}\n`,
  );
  clearTimeout(watchdog);
  process.exit(0);
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ error: message })}\n`);
  process.exit(1);
}
