import { beforeEach, describe } from 'vitest';
import { registerAbortTests } from './abort.ts';
import type { AdapterUnderTest } from './adapter.ts';
import { registerBodyReplayTests } from './body-replay.ts';
import { registerChallengeTests } from './challenges.ts';
import { registerDpopTests } from './dpop.ts';
import { registerOriginTests, registerPerRequestBaseUrlTests } from './origins.ts';
import { registerSendingTests } from './sending.ts';
import { createSuiteContext } from './suite-context.ts';
import { registerTokenSetTests } from './token-sets.ts';
import { useWorld } from './world.ts';

/**
 * Runs the acceptance suite against `adapter`: the real client, a real oidc-provider, a
 * real protected API and a real "other origin" server, all on loopback.
 */
export function runAdapterSuite(adapter: AdapterUnderTest): void {
  describe(`${adapter.name} adapter against real loopback servers`, () => {
    const world = useWorld();
    beforeEach(() => {
      world.api.setMode('normal');
      world.idp.setLatencyMs(0);
    });
    const suite = createSuiteContext(adapter, world);

    registerSendingTests(suite);
    registerOriginTests(suite);
    registerBodyReplayTests(suite);
    registerChallengeTests(suite);
    registerTokenSetTests(suite);
    if (adapter.perRequestBaseUrl) registerPerRequestBaseUrlTests(suite);
    registerDpopTests(suite);
    registerAbortTests(suite);
  });
}
