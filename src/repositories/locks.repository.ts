import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import type { LockDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';
import { errors } from '../errors';

/** A held lock: renew it while working, release it when done. */
export interface HeldLock {
  /** Extends the lock; false when it is no longer ours (it expired and someone else took it). */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * Short locks by insert: a holder inserts `{_id: name}` (the unique `_id` lets exactly
 * one in) and deletes it when done; a lock whose holder died expires, and whoever
 * finds it expired deletes it (only if it is still that holder's and still expired)
 * and tries again. Renewal and release are conditioned on the owner, so a holder
 * whose lock expired and was taken over learns it and changes nothing. Each of these
 * is one single-document write, atomic on MongoDB and on the embedded engine (its
 * atomic-write patch). The collection only ever holds locks in flight, so it stays tiny.
 */
export class LocksRepository {
  constructor(private readonly col: Collection<LockDoc>) {}

  /** Takes the lock, waiting up to `waitMs`; null when it stays busy. */
  async acquire(name: string, ttlMs: number, waitMs: number): Promise<HeldLock | null> {
    const owner = crypto.randomUUID();
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        await this.col.insertOne({ _id: name, owner, expiresAt: new Date(Date.now() + ttlMs) });
        break;
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
      }
      const held = await this.col.findOne({ _id: name });
      if (held && held.expiresAt.getTime() < Date.now()) {
        // only the expired holding we read: not a renewal since, not the next holder's
        const { deletedCount } = await this.col.deleteOne({
          _id: name,
          owner: held.owner,
          expiresAt: { $lt: new Date() },
        });
        if (deletedCount === 1) continue; // try to take it at once
        // someone else took it over or renewed it meanwhile: wait like for any busy lock
      }
      if (Date.now() >= deadline) return null;
      await sleep(10 + Math.random() * 20);
    }
    return {
      renew: async () => {
        const res = await this.col.updateOne(
          { _id: name, owner },
          { $set: { expiresAt: new Date(Date.now() + ttlMs) } },
        );
        return res.matchedCount === 1;
      },
      release: async () => {
        await this.col.deleteOne({ _id: name, owner });
      },
    };
  }

  /**
   * A release that failed (the database was unreachable) is tried again in the
   * background, so the next holder need not wait for the lock's expiry.
   */
  private releaseLater(lock: HeldLock, attempt = 1): void {
    if (attempt > 6) return; // the lock expires by itself
    setTimeout(
      () => {
        lock.release().catch(() => this.releaseLater(lock, attempt + 1));
      },
      250 * 2 ** attempt,
    ).unref();
  }

  /** Runs `fn` holding the lock `name`; 409 when it stays busy for `waitMs`. */
  async withLock<T>(name: string, fn: () => Promise<T>, ttlMs = 30_000, waitMs = 10_000): Promise<T> {
    const lock = await this.acquire(name, ttlMs, waitMs);
    if (!lock) throw errors.conflict('busy', `${name} is being changed by someone else; retry in a moment.`);
    try {
      return await fn();
    } finally {
      await lock.release().catch(() => this.releaseLater(lock));
    }
  }
}
