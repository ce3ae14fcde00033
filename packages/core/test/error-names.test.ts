import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// Users minify: class names become `a`, `o`… An error's `name` must survive that.
describe('error names in a minified bundle', () => {
  it('keeps every error class name', async () => {
    const result = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'neutral',
      write: false,
    });
    const code = result.outputFiles[0]!.text;
    const core: typeof import('../src/index.ts') = await import(
      `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`
    );
    const made = [
      new core.TokenEndpointError('m', {}),
      new core.InvalidTokenResponseError('m'),
      new core.TokenStoreError('m'),
      new core.TokenManagerDisposedError(),
      new core.InsecureEndpointError('m'),
      new core.InvalidOptionsError('o', 'm'),
      new core.TokenKeeperError('ERR_STORE', 'm'),
    ];
    expect(made.map((error) => error.name)).toEqual([
      'TokenEndpointError',
      'InvalidTokenResponseError',
      'TokenStoreError',
      'TokenManagerDisposedError',
      'InsecureEndpointError',
      'InvalidOptionsError',
      'TokenKeeperError',
    ]);
    expect(String(made[0])).toBe('TokenEndpointError: m');
    // Another package's subclass keeps its own class name (RedisStoreError).
    class RedisLikeStoreError extends core.TokenKeeperError {}
    expect(new RedisLikeStoreError('ERR_STORE', 'm').name).toBe('RedisLikeStoreError');
  });
});
