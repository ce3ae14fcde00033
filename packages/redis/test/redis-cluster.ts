// Starts a real Redis Cluster for the tests: three masters and three replicas on loopback, each a
// redis-server child process, joined by `redis-cli --cluster create`. Nothing is persisted.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureRedisServer } from './redis-server.ts';

const run = promisify(execFile);

/** One node of a {@link RedisCluster}. */
export interface ClusterNode {
  readonly port: number;
  /** The redis-server process; `undefined` once it exited. */
  readonly process: ChildProcess | undefined;
  /** Sends a command with redis-cli to this node and returns its trimmed output. */
  cli(...args: string[]): Promise<string>;
  /** Kills the node with `signal` (SIGKILL: a crash) and resolves once it exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** A running cluster. */
export interface RedisCluster {
  readonly nodes: ClusterNode[];
  /** `redis://127.0.0.1:<port>` of every node, for a client's root nodes. */
  readonly urls: string[];
  /** The node that serves `slot` as master right now, asked of any live node. */
  masterOf(slot: number): Promise<ClusterNode>;
  /** Resolves once every live node reports `cluster_state:ok` (within `timeoutMs`). */
  waitUntilOk(timeoutMs?: number): Promise<void>;
  /** Stops every node (SIGKILL: nothing to save) and removes their directory. Idempotent. */
  stop(): Promise<void>;
}

/** Options of {@link startRedisCluster}. */
export interface RedisClusterOptions {
  /** @default 3 */
  masters?: number;
  /** @default 1 */
  replicasPerMaster?: number;
  /** `cluster-node-timeout`: how long a master may be silent before its replica takes over. @default 1000 */
  nodeTimeoutMs?: number;
}

/**
 * Starts `masters × (1 + replicasPerMaster)` cluster-enabled redis-servers on free loopback ports,
 * creates the cluster with `redis-cli --cluster create … --cluster-replicas N --cluster-yes`, and
 * resolves once every node reports `cluster_state:ok` and every replica has synced.
 *
 * @example
 * const cluster = await startRedisCluster();
 * afterAll(() => cluster.stop());
 */
export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<RedisCluster> {
  ensureRedisServer(); // the Debian package brings redis-cli (redis-tools) along
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const nodeTimeoutMs = options.nodeTimeoutMs ?? 1_000;
  const dir = await mkdtemp(join(tmpdir(), 'tokenkeeper-cluster-'));
  const ports = await freePortPairs(masters * (1 + replicas));
  const children = new Map<number, ChildProcess>();

  const cli = async (port: number, ...args: string[]) =>
    (await run('redis-cli', ['-p', String(port), ...args], { timeout: 5_000 })).stdout.trim();

  const nodes: ClusterNode[] = ports.map((port) => ({
    port,
    get process() {
      return children.get(port);
    },
    cli: (...args) => cli(port, ...args),
    async kill(signal = 'SIGKILL') {
      const child = children.get(port);
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill(signal);
      await exited;
    },
  }));

  async function stop(): Promise<void> {
    await Promise.all(nodes.map((node) => node.kill('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  }

  const live = () => nodes.filter((node) => node.process !== undefined);

  async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string) {
    const deadline = Date.now() + timeoutMs;
    while (!(await check().catch(() => false))) {
      if (Date.now() > deadline) throw new Error(`Redis Cluster: ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  const cluster: RedisCluster = {
    nodes,
    urls: ports.map((port) => `redis://127.0.0.1:${port}`),
    async masterOf(slot) {
      for (const node of live()) {
        const shards = await node.cli('--json', 'CLUSTER', 'SLOTS').catch(() => '');
        if (!shards) continue;
        const ranges = JSON.parse(shards) as Array<[number, number, [string, number, string]]>;
        const range = ranges.find(([from, to]) => from <= slot && slot <= to);
        const port = range?.[2][1];
        const master = nodes.find((candidate) => candidate.port === port);
        if (master) return master;
      }
      throw new Error(`Redis Cluster: no live node knows the master of slot ${slot}`);
    },
    waitUntilOk: (timeoutMs = 15_000) =>
      waitUntil(
        async () => {
          const infos = await Promise.all(live().map((node) => node.cli('CLUSTER', 'INFO')));
          return infos.every((info) => info.includes('cluster_state:ok'));
        },
        timeoutMs,
        'cluster_state did not become ok',
      ),
    stop,
  };

  try {
    await Promise.all(
      ports.map(async (port) => {
        const child = spawn(
          'redis-server',
          [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            `nodes-${port}.conf`,
            '--cluster-node-timeout',
            String(nodeTimeoutMs),
            '--dir',
            dir,
            '--appendonly',
            'no',
            '--save',
            '',
          ],
          { stdio: ['ignore', 'ignore', 'inherit'] },
        );
        children.set(port, child);
        child.once('exit', () => children.delete(port));
        await waitUntil(
          async () => (await cli(port, 'PING')) === 'PONG',
          10_000,
          `node ${port} did not answer PING`,
        );
      }),
    );
    await run(
      'redis-cli',
      [
        '--cluster',
        'create',
        ...ports.map((port) => `127.0.0.1:${port}`),
        '--cluster-replicas',
        String(replicas),
        '--cluster-yes',
      ],
      { timeout: 30_000 },
    );
    await cluster.waitUntilOk();
    // A replica that has not synced yet cannot take over: wait for every link to be up.
    await waitUntil(
      async () => {
        const roles = await Promise.all(nodes.map((node) => node.cli('INFO', 'replication')));
        const linked = roles.filter((info) => info.includes('master_link_status:up')).length;
        return linked === masters * replicas;
      },
      15_000,
      'replicas did not sync',
    );
    return cluster;
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * `count` ports P that are free together with P + 10000 (the cluster bus port Redis derives),
 * all below Linux's ephemeral range (32768+), so no outgoing connection takes one meanwhile.
 */
async function freePortPairs(count: number): Promise<number[]> {
  const ports: number[] = [];
  for (let attempt = 0; ports.length < count && attempt < 1_000; attempt += 1) {
    const port = 10_000 + Math.floor(Math.random() * 12_000);
    if (ports.some((taken) => Math.abs(taken - port) < 1)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) ports.push(port);
  }
  if (ports.length < count) throw new Error('no free port pairs for a Redis Cluster');
  return ports;
}

async function isFree(port: number): Promise<boolean> {
  const server = createServer();
  try {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    return true;
  } catch {
    return false;
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
