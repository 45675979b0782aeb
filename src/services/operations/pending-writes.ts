import type { Actor } from '../actor';

/**
 * A write that takes more than one document, in the hub's one shape (no transactions,
 * docs/architecture.md):
 *
 *   1. its first write stores the record marked `pending` (or, for bulk inserts, a note
 *      in `follow_ups` of the audit events owed);
 *   2. its follow-ups (a summary, the audit event, the flags), each safe to repeat;
 *   3. clearing the mark (deleting the note), last.
 *
 * A crash in between leaves the mark. The operation's own path completes it when it
 * meets it again (a retry of the same submission, the next change of the record); the
 * daily sweep completes every one left (`PendingWrites.resumeAll`). An operation
 * describes itself once, here; the resuming is the same for all.
 */
export interface PendingWrite<K extends { _id: string }, D> {
  /** What the records are, as the sweep counts them: `evaluations`. */
  readonly name: string;
  /** The marks a crash left (a pass over the pending records only). */
  pending(): AsyncIterable<K>;
  /** The lock the record's follow-ups run under (its allocation's number), if any. */
  lockOf?(key: K): string;
  /** The record as it is now (under its lock), or null when nothing is left to do. */
  reread(key: K): Promise<D | null>;
  /** Its follow-ups, then the mark cleared: the same function the operation itself calls after its first write. */
  complete(actor: Actor, doc: D): Promise<unknown>;
}

/** Runs a function under a named lock (an allocation's: `AllocationsService.withAllocationLock`). */
export type WithLock = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

/** A kind of pending write, ready to be resumed: its name and the one resuming loop. */
export interface ResumableWrite {
  readonly name: string;
  resume(actor: Actor, withLock: WithLock): Promise<number>;
}

/**
 * Makes a kind of write resumable: for each mark left, under the record's lock, the
 * record read again and, while still pending, its follow-ups completed.
 */
export function resumable<K extends { _id: string }, D>(write: PendingWrite<K, D>): ResumableWrite {
  return {
    name: write.name,
    async resume(actor, withLock) {
      let resumed = 0;
      for await (const key of write.pending()) {
        const once = async () => {
          const doc = await write.reread(key);
          if (doc === null) return; // completed meanwhile (a retry, the next change)
          await write.complete(actor, doc);
          resumed += 1;
        };
        const lock = write.lockOf?.(key);
        await (lock === undefined ? once() : withLock(lock, once));
      }
      return resumed;
    },
  };
}

/** Completes what crashes left of every multi-document write (the daily sweep does this first). */
export class PendingWrites {
  constructor(
    private readonly withLock: WithLock,
    private readonly writes: readonly ResumableWrite[],
  ) {}

  /** Completes every pending write of every kind; how many it completed, per kind. */
  async resumeAll(actor: Actor): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const write of this.writes) counts[write.name] = await write.resume(actor, this.withLock);
    return counts;
  }
}
