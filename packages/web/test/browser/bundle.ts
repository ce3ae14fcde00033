import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the page script for the browser with esbuild: core and the store from their
 * TypeScript sources (the `@tokenkeeper/source` condition), jose's browser build.
 */
export async function bundleApp(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./app.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@tokenkeeper/source'],
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no output');
  return output.text;
}
