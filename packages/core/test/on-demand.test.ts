import { describe, expect, it } from 'vitest';
import { onDemand } from '../src/on-demand.ts';

describe('onDemand (modules core loads on first use)', () => {
  it('loads once for any number of callers, and again only after a failure', async () => {
    let loads = 0;
    const load = onDemand(async () => {
      loads++;
      if (loads === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return { module: loads };
    });
    await expect(load()).rejects.toThrow(TypeError);
    const [a, b, c] = await Promise.all([load(), load(), load()]);
    expect(a).toBe(b);
    expect(b).toBe(c);
    expect(await load()).toBe(a);
    expect(loads).toBe(2);
  });
});
