import type { BenchClient } from '../contestants/types.ts';
import { spread } from '../stats.ts';
import { apiPath, type GroupScenario, noteFailure } from './context.ts';
import { installStubs } from './stubs.ts';

interface Timed {
  name: string;
  floor: boolean;
  client: BenchClient;
  cpuUs: number[];
  mainUs: number[];
  wallUs: number[];
  failures: number;
}

/**
 * Middleware CPU per request with the network stubbed out (`stubs.ts`), the members (the
 * runner gives a contestant and the floor of its kind) in the same process, so they share its
 * JIT state, heap and machine load:
 * 1. warm-up: `warmup` requests per member, alternating one request each, so that every
 *    code path is optimised (and deoptimised by the others) before anything is timed;
 * 2. `rounds` rounds; a round sends `requests` sequential requests per member, again
 *    alternating one request each (the order rotates every request and every round), and
 *    charges each request the CPU time from the end of the previous request to its own end:
 *    the process's (`process.cpuUsage()`, user + system, all threads) and the main thread's
 *    (`process.threadCpuUsage()`), and the wall time. A change of machine load therefore
 *    falls on all members alike, and a GC on whichever request allocated when the heap
 *    filled up, in proportion to what each allocates.
 * No forced GC between rounds: a full GC clears the weak objects embedded in optimised code,
 * and the recompilation that follows would be measured as the contestants' CPU.
 * Per member and round: µs per request; for all but the floor, the paired difference from
 * the floor in the same round (`deltaUs`, `mainThreadDeltaUs`).
 */
export const overhead: GroupScenario = async ({ members, target, params }) => {
  installStubs(target.tokenEndpoint, target.staticToken);
  const path = apiPath(target.clientId);
  const timed: Timed[] = members.map((member) => ({
    name: member.name,
    floor: member.floor,
    client: member.setup(target),
    cpuUs: [],
    mainUs: [],
    wallUs: [],
    failures: 0,
  }));
  const send = async (t: Timed) => {
    const status = await t.client.get(path);
    if (status !== 200) {
      t.failures += 1;
      noteFailure(status);
    }
  };
  const n = timed.length;

  const warmup = params.warmup ?? 20_000;
  for (let i = 0; i < warmup; i += 1) {
    for (let k = 0; k < n; k += 1) await send(timed[(i + k) % n]!);
  }

  const rounds = params.rounds ?? 20;
  const count = params.requests ?? 1_000;
  for (let round = 0; round < rounds; round += 1) {
    const cpu = new Array<number>(n).fill(0);
    const main = new Array<number>(n).fill(0);
    const wall = new Array<number>(n).fill(0);
    let lastCpu = process.cpuUsage();
    let lastMain = process.threadCpuUsage();
    let lastWall = performance.now();
    for (let i = 0; i < count; i += 1) {
      for (let k = 0; k < n; k += 1) {
        const at = (i + k + round) % n;
        await send(timed[at]!);
        const nowCpu = process.cpuUsage();
        const nowMain = process.threadCpuUsage();
        const nowWall = performance.now();
        cpu[at]! += nowCpu.user - lastCpu.user + (nowCpu.system - lastCpu.system);
        main[at]! += nowMain.user - lastMain.user + (nowMain.system - lastMain.system);
        wall[at]! += (nowWall - lastWall) * 1000;
        lastCpu = nowCpu;
        lastMain = nowMain;
        lastWall = nowWall;
      }
    }
    timed.forEach((t, k) => {
      t.cpuUs.push(cpu[k]! / count);
      t.mainUs.push(main[k]! / count);
      t.wallUs.push(wall[k]! / count);
    });
  }
  await Promise.all(timed.map((t) => t.client.close()));

  const floor = timed.find((t) => t.floor);
  return Object.fromEntries(
    timed.map((t) => {
      const paired = (own: number[], base: number[] | undefined) =>
        base && !t.floor ? own.map((us, i) => us - base[i]!) : [];
      const deltaUs = paired(t.cpuUs, floor?.cpuUs);
      const mainDeltaUs = paired(t.mainUs, floor?.mainUs);
      const metrics = {
        warmup,
        rounds,
        requests: count,
        failures: t.failures,
        cpuUsPerReq: spread(t.cpuUs).median,
        mainThreadUsPerReq: spread(t.mainUs).median,
        wallUsPerReq: spread(t.wallUs).median,
        ...(deltaUs.length ? { deltaUs: spread(deltaUs).median } : {}),
      };
      const samples = {
        cpuUsPerReq: t.cpuUs,
        mainThreadUsPerReq: t.mainUs,
        wallUsPerReq: t.wallUs,
        deltaUs,
        mainThreadDeltaUs: mainDeltaUs,
      };
      return [t.name, { metrics, samples }];
    }),
  );
};
