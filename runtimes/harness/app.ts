// Builds the app every runtime runs: a temp folder holding the BUILT packages (dist and
// package.json, no sources, so no `@tokenkeeper/source` condition can reach TypeScript) and
// their declared dependencies copied from the pnpm store, plus the scenario as plain JS
// (bare imports kept), as bundles for browsers and workerd, and two HTML pages.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const scenarioDir = fileURLToPath(new URL('../scenario/', import.meta.url));

/** The packages under test: they claim to run in browsers, Deno, Bun and edge runtimes. */
export const packagesUnderTest = ['core', 'fetch', 'ky'] as const;

/** The files of the app folder the runners start. */
export interface App {
  dir: string;
  /** `node|deno|bun cli.js <config>`: the scenario with bare imports, resolved from node_modules. */
  cliEntry: string;
  /** Pages for Chromium: unbundled through an import map, and bundled by esbuild. */
  importMapPage: string;
  bundlePage: string;
  /** The worker bundle for workerd (conditions workerd, worker, browser, as wrangler does). */
  workerScript: string;
  /** name → version of every package in node_modules. */
  packages: Record<string, string>;
  /** Packages whose dist is older than their src (a hint when the matrix fails: build first). */
  staleDists: string[];
  cleanup(): Promise<void>;
}

interface PackageJson {
  name: string;
  version: string;
  exports?: unknown;
  module?: string;
  main?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as PackageJson;

/**
 * Runs `pnpm build` for the packages under test when one of them has no dist (CI builds
 * before it tests; a fresh checkout has none). Stale dists are not rebuilt: they are what
 * `pnpm build` left, and what would be published.
 */
export function ensureBuilt(): void {
  const missing = packagesUnderTest.filter(
    (name) => !existsSync(join(repoRoot, 'packages', name, 'dist', 'index.js')),
  );
  if (missing.length === 0) return;
  const filters = packagesUnderTest.flatMap((name) => ['--filter', `@tokenkeeper/${name}`]);
  const packageManager = readJson(join(repoRoot, 'package.json')).packageManager as string;
  // Under `pnpm test` npm_execpath is pnpm itself; otherwise the pinned pnpm through npx.
  const pnpmScript = process.env.npm_execpath;
  const [command, args] =
    pnpmScript && /pnpm/.test(basename(pnpmScript))
      ? [process.execPath, [pnpmScript, ...filters, 'build']]
      : ['npx', ['-y', packageManager, ...filters, 'build']];
  try {
    execFileSync(command, args, { cwd: repoRoot, stdio: 'pipe', timeout: 150_000 });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    const output = `${stdout ?? ''}${stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`\`${[command, ...args].join(' ')}\` failed:\n${output}`, { cause: error });
  }
}

/** The packages under test whose `dist` is older than a file of their `src`. */
function staleDists(): string[] {
  return packagesUnderTest.filter((name) => {
    const dir = join(repoRoot, 'packages', name);
    const built = statSync(join(dir, 'dist', 'index.js')).mtimeMs;
    return readdirSync(join(dir, 'src'), { recursive: true, withFileTypes: true }).some(
      (entry) => entry.isFile() && statSync(join(entry.parentPath, entry.name)).mtimeMs > built,
    );
  });
}

// Node's lookup of `name` from a package folder (pnpm: its siblings in .pnpm/<pkg>/node_modules).
function locate(name: string, fromDir: string): string {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate =
      basename(dir) === 'node_modules' ? join(dir, name) : join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    if (dirname(dir) === dir) throw new Error(`cannot find ${name} from ${fromDir}`);
  }
}

// The file a bare import of `pkg` loads under `conditions` (only the "." entry is needed).
function entryOf(pkg: PackageJson, conditions: string[], subpath = '.'): string {
  let target: unknown = pkg.exports;
  let star: string | undefined;
  if (target && typeof target === 'object' && Object.keys(target).some((k) => k.startsWith('.'))) {
    const map = target as Record<string, unknown>;
    target = map[subpath];
    // A subpath pattern (`./jwt/*`): its `*` stands for the rest of the subpath.
    for (const key of Object.keys(map)) {
      if (target !== undefined) break;
      const [head, tail] = key.split('*');
      if (tail !== undefined && subpath.startsWith(head!) && subpath.endsWith(tail)) {
        star = subpath.slice(head!.length, subpath.length - tail.length);
        target = map[key];
      }
    }
    if (target === undefined) throw new Error(`${pkg.name}: no export for ${subpath}`);
  }
  while (target && typeof target === 'object' && !Array.isArray(target)) {
    const record = target as Record<string, unknown>;
    const key = Object.keys(record).find((k) => conditions.includes(k));
    if (!key) throw new Error(`${pkg.name}: no export matches ${conditions.join(', ')}`);
    target = record[key];
  }
  const file = typeof target === 'string' ? target : (pkg.module ?? pkg.main ?? 'index.js');
  return (star === undefined ? file : file.replace('*', star)).replace(/^\.\//, '');
}

/** Bare `pkg/subpath` specifiers the packages under test import (core imports jose by subpath). */
function subpathImports(root: string): string[] {
  const found = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.js')) {
        const text = readFileSync(path, 'utf8');
        const bare = /(?:from\s*|import\s*\(\s*)["']((?:@[\w.-]+\/)?\w[\w.-]*\/[^"']+)["']/g;
        for (const match of text.matchAll(bare)) {
          found.add(match[1]!);
        }
      }
    }
  };
  walk(root);
  return [...found];
}

/**
 * Lays the app out in a new temp folder: node_modules with the three packages and what
 * they depend on (real files, no symlinks into the workspace), the scenario compiled by
 * esbuild, and the pages. `cleanup()` removes it.
 */
export async function prepareApp(): Promise<App> {
  ensureBuilt();
  const stale = staleDists();
  const dir = await mkdtemp(join(tmpdir(), 'tokenkeeper-runtimes-'));
  const modules = join(dir, 'node_modules');
  const packages: Record<string, string> = {};
  const entries: Record<string, string> = {};

  const add = (name: string, version: string, pkg: PackageJson) => {
    if (packages[name] !== undefined && packages[name] !== version) {
      throw new Error(`${name} is needed at ${packages[name]} and ${version}: no flat layout`);
    }
    packages[name] = version;
    entries[name] = entryOf(pkg, ['browser', 'import', 'default']);
  };

  // Dependencies (and non-workspace peers) of the packages under test, transitively.
  const queue: Array<{ name: string; from: string }> = [];
  for (const name of packagesUnderTest) {
    const source = join(repoRoot, 'packages', name);
    const pkg = readJson(join(source, 'package.json'));
    const target = join(modules, pkg.name);
    mkdirSync(target, { recursive: true });
    cpSync(join(source, 'dist'), join(target, 'dist'), { recursive: true });
    // As `pnpm pack` writes it: workspace ranges become versions; scripts and devDependencies go.
    const { scripts: _scripts, devDependencies: _dev, ...published } = pkg;
    for (const field of ['dependencies', 'peerDependencies'] as const) {
      for (const [dep, range] of Object.entries(pkg[field] ?? {})) {
        if (range.startsWith('workspace:')) {
          (published[field] as Record<string, string>)[dep] = `^${pkg.version}`;
        } else if (!dep.startsWith('@tokenkeeper/')) {
          queue.push({ name: dep, from: source });
        }
      }
    }
    writeFileSync(join(target, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
    add(pkg.name, pkg.version, pkg);
  }
  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    const source = locate(name, from);
    const pkg = readJson(join(source, 'package.json'));
    if (packages[name] === pkg.version) continue;
    add(name, pkg.version, pkg);
    cpSync(source, join(modules, name), {
      recursive: true,
      dereference: true,
      filter: (path) => !path.slice(source.length).split(/[\\/]/).includes('node_modules'),
    });
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ name: dep, from: source });
  }

  // The app's own manifest: Deno (with --node-modules-dir=manual) resolves through it.
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'tokenkeeper-runtime-matrix', private: true, type: 'module', dependencies: packages }, null, 2)}\n`,
  );

  // The scenario's sources go into the app, so that esbuild resolves from its node_modules only.
  const src = join(dir, 'src');
  cpSync(scenarioDir, src, { recursive: true, filter: (path) => !path.endsWith('tsconfig.json') });
  const common: BuildOptions = {
    absWorkingDir: dir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    logLevel: 'silent',
  };
  // Bare imports stay bare: node_modules (Node, Deno, Bun) or the import map resolves them.
  const unbundled: BuildOptions = { ...common, packages: 'external', platform: 'neutral' };
  await Promise.all([
    build({ ...unbundled, entryPoints: [join(src, 'cli.ts')], outfile: join(dir, 'cli.js') }),
    build({
      ...unbundled,
      entryPoints: [join(src, 'browser.ts')],
      outfile: join(dir, 'browser-importmap.js'),
    }),
    build({
      ...common,
      platform: 'browser',
      entryPoints: [join(src, 'browser.ts')],
      outfile: join(dir, 'browser-bundle.js'),
    }),
    build({
      ...common,
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      mainFields: ['browser', 'module', 'main'],
      entryPoints: [join(src, 'worker.ts')],
      outfile: join(dir, 'worker.js'),
    }),
  ]);

  const imports: Record<string, string> = {};
  for (const [name, entry] of Object.entries(entries)) {
    imports[name] = `/node_modules/${name}/${entry}`;
    imports[`${name}/`] = `/node_modules/${name}/`;
  }
  // `jose/jwt/decode` and the like resolve through the package's `exports`, as a bundler would.
  for (const specifier of subpathImports(join(modules, '@tokenkeeper'))) {
    const name = specifier.startsWith('@')
      ? specifier.split('/').slice(0, 2).join('/')
      : specifier.split('/')[0]!;
    const pkg = readJson(join(modules, name, 'package.json'));
    const subpath = `.${specifier.slice(name.length)}`;
    imports[specifier] =
      `/node_modules/${name}/${entryOf(pkg, ['browser', 'import', 'default'], subpath)}`;
  }
  const page = (head: string, script: string) =>
    `<!doctype html>\n<html>\n<head>\n<meta charset="utf-8">\n<title>tokenkeeper runtime matrix</title>\n${head}<script type="module" src="/${script}"></script>\n</head>\n<body></body>\n</html>\n`;
  writeFileSync(
    join(dir, 'importmap.html'),
    page(
      `<script type="importmap">\n${JSON.stringify({ imports }, null, 2)}\n</script>\n`,
      'browser-importmap.js',
    ),
  );
  writeFileSync(join(dir, 'bundle.html'), page('', 'browser-bundle.js'));

  return {
    dir,
    cliEntry: join(dir, 'cli.js'),
    importMapPage: 'importmap.html',
    bundlePage: 'bundle.html',
    workerScript: join(dir, 'worker.js'),
    packages,
    staleDists: stale,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
