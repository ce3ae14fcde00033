// One scenario x contestant (or x a group of contestants), in a fresh process:
//   node --conditions=@tokenkeeper/source --expose-gc src/child.ts '<ChildSpec JSON>'
// Prints `RESULT_PREFIX` + one JSON line (metrics, a group's results, or an error), then exits.
import { createAdminClient, fetchStaticToken } from './admin-client.ts';
import { contestants } from './config.ts';
import type { BenchTarget, Setup } from './contestants/types.ts';
import { type ChildSpec, RESULT_PREFIX } from './protocol.ts';
import { failureLog } from './scenarios/context.ts';
import { childScenarios, groupScenarios } from './scenarios/index.ts';

const spec = JSON.parse(process.argv[2] ?? '{}') as ChildSpec;
const watchdog = setTimeout(() => {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ error: 'child timed out' })}\n`);
  process.exit(3);
}, spec.params.childTimeoutMs ?? 90_000);

const load = async (name: string) =>
  ((await import(`./contestants/${name}.ts`)) as { default: Setup }).default;

try {
  const staticToken = await fetchStaticToken(spec.server, `${spec.clientId}-static`);
  const target: BenchTarget = {
    tokenEndpoint: spec.server.tokenEndpoint,
    clientId: spec.clientId,
    clientSecret: spec.server.clientSecret,
    apiOrigin: spec.server.apiOrigin,
    staticToken,
  };
  const group = groupScenarios[spec.scenario];
  const scenario = childScenarios[spec.scenario];
  let result: object;
  if (group) {
    const names = spec.contestants ?? [spec.contestant];
    const members = await Promise.all(
      names.map(async (name) => ({
        name,
        setup: await load(name),
        floor: contestants.find((c) => c.name === name)?.role === 'floor',
      })),
    );
    result = { group: await group({ members, target, params: spec.params }) };
  } else if (scenario) {
    const setup = await load(spec.contestant);
    const metrics = await scenario({
      setup,
      target,
      admin: createAdminClient(spec.server, spec.clientId),
      params: spec.params,
      warmClient: () => setup({ ...target, clientId: `${spec.clientId}-warm` }),
    });
    result = { metrics };
  } else {
    throw new Error(`unknown scenario ${spec.scenario}`);
  }
  process.stdout.write(
    `${RESULT_PREFIX}${JSON.stringify({ ...result, firstFailure: failureLog.first })}\n`,
  );
  clearTimeout(watchdog);
  process.exit(0);
} catch (error) {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify({ error: message })}\n`);
  process.exit(1);
}
