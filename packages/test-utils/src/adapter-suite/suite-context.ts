import { expect } from 'vitest';
import type { AdapterUnderTest, ClientSetup, Send } from './adapter.ts';
import type { World } from './world.ts';

/** What every group of the adapter suite's tests is handed. */
export interface SuiteContext {
  adapter: AdapterUnderTest;
  /** The suite's world, from {@link useWorld}: use its members in tests only. */
  world: World;
  /** The protected API's data URL. */
  data(): string;
  /** A client on the API's base URL, warmed up with one successful request, counts zeroed. */
  warmClient(setup?: ClientSetup): Promise<Send>;
}

/** The context of `adapter`'s suite in `world`. */
export function createSuiteContext(adapter: AdapterUnderTest, world: World): SuiteContext {
  const data = () => `${world.api.url}/api/data`;
  return {
    adapter,
    world,
    data,
    async warmClient(setup = {}) {
      const send = adapter.client(world.newTokens(), { baseUrl: world.api.url, ...setup });
      expect((await send({ url: data() })).status).toBe(200);
      world.resetCounts();
      return send;
    },
  };
}
