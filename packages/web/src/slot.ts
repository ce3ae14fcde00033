import type { TokenSet } from '@tokenkeeper/core';
import type { Entry } from './messages.ts';

/** What one tab knows about one key. */
export interface Slot {
  entry: Entry | undefined;
  /** Token sets issued at or before this (epoch ms) were deleted: never taken up again. */
  deletedUpTo: number;
}

/** The slot's entry unless its ttl ran out (it is then dropped). */
export function liveEntry(slot: Slot, now: number): Entry | undefined {
  if (slot.entry && slot.entry.until <= now) slot.entry = undefined;
  return slot.entry;
}

/**
 * Takes up an entry another tab holds when it is newer than ours (later
 * `issuedAt`; on a tie the greater access token, so every tab settles on the
 * same one), alive, and not deleted since.
 */
export function mergeEntry(slot: Slot, entry: Entry, now: number): void {
  if (entry.until <= now || entry.token.issuedAt <= slot.deletedUpTo) return;
  const mine = liveEntry(slot, now);
  if (!mine || isNewer(entry.token, mine.token)) slot.entry = entry;
}

/** Forgets token sets issued at or before `upTo`: a deletion in this tab or another. */
export function applyDeletion(slot: Slot, upTo: number): void {
  if (upTo > slot.deletedUpTo) slot.deletedUpTo = upTo;
  if (slot.entry && slot.entry.token.issuedAt <= upTo) slot.entry = undefined;
}

function isNewer(a: TokenSet, b: TokenSet): boolean {
  return a.issuedAt > b.issuedAt || (a.issuedAt === b.issuedAt && a.accessToken > b.accessToken);
}
