import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));
const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

// Tests import the packages by name and run their TypeScript sources, so no build is needed.
// Exact matches only, so that a subpath such as '@tokenkeeper/test-utils/adapter-suite' resolves on its own.
const alias = [
  {
    find: '@tokenkeeper/test-utils/adapter-suite',
    replacement: `${root}packages/test-utils/src/adapter-suite.ts`,
  },
  ...packages.map((name) => ({
    find: new RegExp(`^@tokenkeeper/${name}$`),
    replacement: `${root}packages/${name}/src/index.ts`,
  })),
];

const suites = ['unit', 'integration'] as const;
const include = { unit: 'test/**/*.test.ts', integration: 'test/**/*.integration.test.ts' };

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      ...packages.flatMap((name) =>
        suites.map((suite) => ({
          extends: true as const,
          test: {
            name: `${name}:${suite}`,
            root: `${root}packages/${name}`,
            include: [include[suite]],
            exclude: suite === 'unit' ? ['test/**/*.integration.test.ts'] : [],
            typecheck: { enabled: suite === 'unit', include: ['test/**/*.test-d.ts'] },
            // A package's test/setup.ts, when it has one (core: loads its lazily imported modules).
            setupFiles: existsSync(`${root}packages/${name}/test/setup.ts`)
              ? ['test/setup.ts']
              : [],
          },
        })),
      ),
      {
        extends: true as const,
        test: {
          name: 'examples:integration',
          root: `${root}examples`,
          include: ['*/test/**/*.test.ts'],
        },
      },
      {
        extends: true as const,
        test: { name: 'demo:integration', root: `${root}demo`, include: ['test/**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: { name: 'bench:integration', root: `${root}bench`, include: ['test/**/*.test.ts'] },
      },
      {
        extends: true as const,
        test: {
          name: 'runtimes:integration',
          root: `${root}runtimes`,
          include: ['test/**/*.test.ts'],
        },
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
