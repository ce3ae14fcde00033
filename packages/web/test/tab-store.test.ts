import { afterEach, describe, expect, it } from 'vitest';
import { createTabStore, type TabStoreOptions, type TabTokenStore } from '../src/index.ts';
import { PROTOCOL } from '../src/messages.ts';
import { delay, tokenSet, uniqueKey } from './helpers/token-sets.ts';
import { ensureWebLocks } from './helpers/web-locks.ts';

ensureWebLocks();

// Every store stands for one tab: stores in one process hear each other over BroadcastChannel
// exactly as tabs of one origin do, and share one lock manager.
const opened: TabTokenStore[] = [];
const channels: BroadcastChannel[] = [];
function tab(options: TabStoreOptions = {}): TabTokenStore {
  const store = createTabStore({ syncWaitMs: 50, ...options });
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const store of opened.splice(0)) store.close();
  for (const channel of channels.splice(0)) channel.close();
});

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await run();
  return [result, performance.now() - started];
}

describe('createTabStore: sharing token sets between tabs', () => {
  it('gives a tab that opens later the token set another tab stored', async () => {
    const key = uniqueKey('late');
    const first = tab();
    const token = tokenSet();
    first.set(key, token, 60_000);

    const late = tab();
    const [got, ms] = await timed(() => late.get(key));
    expect(got).toEqual(token);
    expect(ms).toBeLessThan(1_000);
  });

  it('hands a stored token set to the tabs already open', async () => {
    const key = uniqueKey('broadcast');
    const [a, b, c] = [tab(), tab(), tab()];
    await Promise.all([a.get(key), b.get(key), c.get(key)]); // each has met the others
    const token = tokenSet();
    a.set(key, token, 60_000);
    expect(await b.get(key)).toEqual(token);
    expect(await c.get(key)).toEqual(token);
  });

  it('keeps the newest token set when an older one arrives later', async () => {
    const key = uniqueKey('newest');
    const [a, b] = [tab(), tab()];
    await Promise.all([a.get(key), b.get(key)]);
    const newer = tokenSet({ issuedAt: Date.now() });
    const older = tokenSet({ issuedAt: Date.now() - 10_000 });
    a.set(key, newer, 60_000);
    await b.get(key);
    b.set(key, older, 60_000); // b's own set wins in b...
    expect(await a.get(key)).toEqual(newer); // ...but a keeps the newer one
  });

  it('lets an entry expire by the ttl given to set, in every tab', async () => {
    const key = uniqueKey('ttl');
    const [a, b] = [tab(), tab()];
    await Promise.all([a.get(key), b.get(key)]);
    a.set(key, tokenSet(), 100);
    expect(await b.get(key)).toBeDefined();
    await delay(150);
    expect(await a.get(key)).toBeUndefined();
    expect(await b.get(key)).toBeUndefined();
    expect(await tab().get(key)).toBeUndefined();
  });

  it('deletes the entry in every tab, and a stale copy does not bring it back', async () => {
    const key = uniqueKey('delete');
    const [a, b] = [tab(), tab()];
    await Promise.all([a.get(key), b.get(key)]);
    const token = tokenSet();
    a.set(key, token, 60_000);
    expect(await b.get(key)).toEqual(token);

    b.delete(key);
    expect(await a.get(key)).toBeUndefined();
    // A tab that missed the deletion (say it was frozen) offers the old entry again.
    const stale = new BroadcastChannel(`tokenkeeper:${key}`);
    channels.push(stale);
    stale.postMessage({
      protocol: PROTOCOL,
      type: 'set',
      from: 'frozen-tab',
      entry: { token, until: Date.now() + 60_000 },
    });
    await delay(20);
    expect(await a.get(key)).toBeUndefined();
    expect(await b.get(key)).toBeUndefined();
    // A newer token set is taken up as usual.
    const next = tokenSet({ issuedAt: token.issuedAt + 1 });
    a.set(key, next, 60_000);
    expect(await b.get(key)).toEqual(next);
  });

  it('ignores whatever else arrives on the channel', async () => {
    const key = uniqueKey('junk');
    const store = tab();
    await store.get(key);
    const intruder = new BroadcastChannel(`tokenkeeper:${key}`);
    channels.push(intruder);
    const good = tokenSet();
    const junk = [
      'hello',
      {
        protocol: PROTOCOL,
        type: 'set',
        from: 'x',
        entry: { token: { ...good, accessToken: 'a b' }, until: Date.now() + 9e6 },
      },
      {
        protocol: PROTOCOL,
        type: 'set',
        from: 'x',
        entry: { token: { ...good, tokenType: 'MAC' }, until: Date.now() + 9e6 },
      },
      {
        protocol: PROTOCOL,
        type: 'set',
        from: 'x',
        entry: { token: { ...good, expiresAt: 'later' }, until: Date.now() + 9e6 },
      },
      { protocol: PROTOCOL, type: 'set', from: 'x', entry: { token: good, until: Number.NaN } },
      {
        protocol: 'other',
        type: 'set',
        from: 'x',
        entry: { token: good, until: Date.now() + 9e6 },
      },
    ];
    for (const data of junk) intruder.postMessage(data);
    await delay(20);
    expect(await store.get(key)).toBeUndefined();
  });

  it('keeps keys apart, and prefixes apart', async () => {
    const [keyA, keyB] = [uniqueKey('a'), uniqueKey('b')];
    const [a, b, other] = [tab(), tab(), tab({ prefix: 'other-app:' })];
    await Promise.all([a.get(keyA), b.get(keyA), b.get(keyB), other.get(keyA)]);
    const token = tokenSet();
    a.set(keyA, token, 60_000);
    expect(await b.get(keyA)).toEqual(token);
    expect(await b.get(keyB)).toBeUndefined();
    expect(await other.get(keyA)).toBeUndefined();
  });
});

describe('createTabStore: asking the other tabs', () => {
  it('waits syncWaitMs once when it is alone, and not again', async () => {
    const key = uniqueKey('alone');
    const store = tab({ syncWaitMs: 80 });
    const [, first] = await timed(() => store.get(key));
    const [, second] = await timed(() => store.get(key));
    expect(first).toBeGreaterThanOrEqual(70);
    expect(second).toBeLessThan(20);
  });

  it('waits only for the tabs it knows once it has met them', async () => {
    const key = uniqueKey('known');
    const [a, b, c] = [
      tab({ syncWaitMs: 1_000 }),
      tab({ syncWaitMs: 1_000 }),
      tab({ syncWaitMs: 1_000 }),
    ];
    await Promise.all([a.get(key), b.get(key), c.get(key)]);
    const [, ms] = await timed(() => a.get(key));
    expect(ms).toBeLessThan(300);
  });

  it('stops waiting for a tab that closed', async () => {
    const key = uniqueKey('closed');
    const [a, b] = [tab({ syncWaitMs: 1_000 }), tab({ syncWaitMs: 1_000 })];
    await Promise.all([a.get(key), b.get(key)]);
    b.close();
    await delay(10);
    const [, ms] = await timed(() => a.get(key));
    expect(ms).toBeLessThan(300);
  });

  it('sees what the previous lock holder stored once it holds the lock', async () => {
    const key = uniqueKey('barrier');
    const [a, b] = [tab(), tab()];
    await Promise.all([a.get(key), b.get(key)]);
    const old = tokenSet();
    a.set(key, old, 60_000);
    expect(await b.get(key)).toEqual(old);

    const releaseA = await a.lock(key, { leaseMs: 5_000, waitMs: 1_000 });
    expect(releaseA).toBeTypeOf('function');
    const waiting = b.lock(key, { leaseMs: 5_000, waitMs: 5_000 });
    const refreshed = tokenSet({ issuedAt: old.issuedAt + 1 });
    a.set(key, refreshed, 60_000);
    await releaseA!();
    const releaseB = await waiting;
    expect(releaseB).toBeTypeOf('function');
    expect(await b.get(key)).toEqual(refreshed);
    await releaseB!();
  });
});

describe('createTabStore: the refresh lock', () => {
  it('lets one tab hold the lock at a time', async () => {
    const key = uniqueKey('lock');
    const [a, b] = [tab(), tab()];
    const release = await a.lock(key, { leaseMs: 5_000, waitMs: 1_000 });
    expect(release).toBeTypeOf('function');
    const [none, ms] = await timed(() => b.lock(key, { leaseMs: 5_000, waitMs: 60 }));
    expect(none).toBeUndefined();
    expect(ms).toBeGreaterThanOrEqual(50);
    expect(ms).toBeLessThan(1_000);
    expect(await b.lock(key, { leaseMs: 5_000, waitMs: 0 })).toBeUndefined();

    await release!();
    await release!(); // idempotent
    const next = await b.lock(key, { leaseMs: 5_000, waitMs: 0 });
    expect(next).toBeTypeOf('function');
    await next!();
  });

  it('hands the lock to the next waiter when the holder releases it', async () => {
    const key = uniqueKey('queue');
    const [a, b] = [tab(), tab()];
    const release = await a.lock(key, { leaseMs: 5_000, waitMs: 1_000 });
    const waiting = b.lock(key, { leaseMs: 5_000, waitMs: 5_000 });
    await delay(20);
    await release!();
    const next = await waiting;
    expect(next).toBeTypeOf('function');
    await next!();
  });

  it('gives up waiting when the signal aborts, and withdraws the request', async () => {
    const key = uniqueKey('abort');
    const [a, b] = [tab(), tab()];
    const release = await a.lock(key, { leaseMs: 5_000, waitMs: 1_000 });
    const controller = new AbortController();
    const waiting = b.lock(key, { leaseMs: 5_000, waitMs: 5_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const [none, ms] = await timed(() => waiting);
    expect(none).toBeUndefined();
    expect(ms).toBeLessThan(1_000);
    await release!();
    // The withdrawn request did not take the lock behind our back.
    const again = await a.lock(key, { leaseMs: 5_000, waitMs: 0 });
    expect(again).toBeTypeOf('function');
    await again!();

    const aborted = AbortSignal.abort();
    expect(await b.lock(key, { leaseMs: 5_000, waitMs: 1_000, signal: aborted })).toBeUndefined();
  });

  it('frees a lock whose holder never releases it after lockMaxHoldMs', async () => {
    const key = uniqueKey('hung');
    const [a, b] = [tab({ lockMaxHoldMs: 100 }), tab()];
    expect(await a.lock(key, { leaseMs: 5_000, waitMs: 1_000 })).toBeTypeOf('function');
    const [next, ms] = await timed(() => b.lock(key, { leaseMs: 5_000, waitMs: 2_000 }));
    expect(next).toBeTypeOf('function');
    expect(ms).toBeLessThan(1_000);
    await next!();
  });

  it('frees the lock and forgets its tokens on close', async () => {
    const key = uniqueKey('close');
    const [a, b] = [tab(), tab()];
    await Promise.all([a.get(key), b.get(key)]);
    a.set(key, tokenSet(), 60_000);
    expect(await a.lock(key, { leaseMs: 5_000, waitMs: 1_000 })).toBeTypeOf('function');
    a.close();
    a.close(); // idempotent
    const next = await b.lock(key, { leaseMs: 5_000, waitMs: 1_000 });
    expect(next).toBeTypeOf('function');
    await next!();
    expect(await a.get(key)).toBeUndefined();
    expect(await a.lock(key, { leaseMs: 5_000, waitMs: 0 })).toBeUndefined();
    expect(await b.get(key)).toBeDefined(); // b keeps its copy
  });
});

describe('createTabStore: options and input', () => {
  it.each([
    ['a prefix starting with "-"', { prefix: '-locks' }],
    ['a zero syncWaitMs', { syncWaitMs: 0 }],
    ['a syncWaitMs beyond a timer', { syncWaitMs: 2 ** 31 }],
    ['a lockMaxHoldMs that is no number', { lockMaxHoldMs: '60000' }],
  ])('refuses %s', (_, options) => {
    expect(() => createTabStore(options as TabStoreOptions)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_OPTIONS' }),
    );
  });

  it('refuses to store what is no token set, or without a finite ttl', () => {
    const store = tab();
    const key = uniqueKey('input');
    expect(() => store.set(key, { accessToken: 'x' } as never, 1_000)).toThrow(/token set/);
    expect(() => store.set(key, tokenSet(), Number.NaN)).toThrow(/ttlMs/);
    expect(() => store.set('', tokenSet(), 1_000)).toThrow(/key/);
  });

  it('has no node: import in its source (browsers load it as is)', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const dir = new URL('../src/', import.meta.url);
    for (const file of await readdir(dir)) {
      const text = await readFile(new URL(file, dir), 'utf8');
      expect(text, file).not.toMatch(/from ['"]node:|import\(['"]node:/);
    }
  });
});
