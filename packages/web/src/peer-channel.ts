import { encodeMessage, parseMessage, type TabMessage } from './messages.ts';
import { applyDeletion, liveEntry, mergeEntry, type Slot } from './slot.ts';
import { randomId, unrefTimeout } from './timers.ts';

/** One key's `BroadcastChannel`, and what this tab knows of the other tabs on it. */
export interface PeerChannel {
  /**
   * Asks the other tabs for their entry and waits for their answers, merging
   * them into the slot. The first call waits the whole `syncWaitMs` (this tab
   * does not know yet who is there); later calls wait until every tab heard from
   * so far has answered, at most `syncWaitMs`, and not at all when there is none.
   * Never rejects.
   */
  sync(): Promise<void>;
  /** Tells the other tabs. */
  post(message: TabMessage): void;
  /** Says goodbye and closes the channel; a `sync` under way ends at once. */
  close(): void;
}

/** What {@link openPeerChannel} needs. */
export interface PeerChannelOptions {
  name: string;
  /** This store's id in messages. */
  self: string;
  slot: Slot;
  syncWaitMs: number;
}

/**
 * Opens the channel `name`, or gives `undefined` where `BroadcastChannel` does
 * not exist (the store then works within this tab only).
 *
 * Why a sync after taking the refresh lock sees what the previous holder stored:
 * a tab stores (`set`) before it releases the lock, and the messages of one
 * sender arrive in the order it sent them, so its answer to our `sync` comes
 * after its `set`. Waiting for every known tab's answer is the barrier that lock
 * grants and channel messages, delivered separately, do not give by themselves.
 */
export function openPeerChannel({
  name,
  self,
  slot,
  syncWaitMs,
}: PeerChannelOptions): PeerChannel | undefined {
  if (typeof BroadcastChannel !== 'function') return undefined;
  const channel = new BroadcastChannel(name);
  // Node only: an open channel must not keep a process alive.
  (channel as { unref?: () => void }).unref?.();
  const peers = new Set<string>();
  const answers = new Map<string, (from: string) => void>();
  const running = new Set<() => void>();
  let introduced = false;
  let closed = false;

  const post = (message: TabMessage) => {
    if (!closed) channel.postMessage(encodeMessage(message));
  };

  channel.onmessage = (event: MessageEvent) => {
    const message = parseMessage(event.data);
    if (!message || message.from === self) return;
    if (message.type === 'bye') {
      peers.delete(message.from);
      return;
    }
    peers.add(message.from);
    const now = Date.now();
    switch (message.type) {
      case 'sync':
        post({
          type: 'state',
          from: self,
          id: message.id,
          entry: liveEntry(slot, now) ?? null,
          deletedUpTo: slot.deletedUpTo,
        });
        break;
      case 'state':
        applyDeletion(slot, message.deletedUpTo);
        if (message.entry) mergeEntry(slot, message.entry, now);
        answers.get(message.id)?.(message.from);
        break;
      case 'set':
        mergeEntry(slot, message.entry, now);
        break;
      case 'delete':
        applyDeletion(slot, message.upTo);
        break;
    }
  };

  function sync(): Promise<void> {
    const first = !introduced;
    if (closed || (!first && peers.size === 0)) return Promise.resolve();
    const id = randomId();
    const waiting = new Set(peers);
    return new Promise<void>((resolve) => {
      const finish = () => {
        cancel();
        answers.delete(id);
        running.delete(finish);
        // A tab that did not answer in time is frozen or gone: stop waiting for it (it is
        // heard from again with its next message).
        for (const peer of waiting) peers.delete(peer);
        introduced = true;
        resolve();
      };
      const cancel = unrefTimeout(finish, syncWaitMs);
      running.add(finish);
      answers.set(id, (from) => {
        waiting.delete(from);
        if (!first && waiting.size === 0) finish();
      });
      post({ type: 'sync', from: self, id });
    });
  }

  return {
    sync,
    post,
    close() {
      if (closed) return;
      post({ type: 'bye', from: self });
      closed = true;
      channel.onmessage = null;
      channel.close();
      for (const finish of [...running]) finish();
    },
  };
}
