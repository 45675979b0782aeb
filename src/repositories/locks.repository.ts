import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Collection } from 'mongodb';
import type { LockDoc } from '../db/documents';
import { isDuplicateKeyError } from '../db/errors';
import { errors } from '../errors';

/**
 * Short record locks: a writer inserts `{_id: name}` to take the lock (the unique
 * `_id` lets exactly one in) and deletes it when done; a lock whose holder died
 * expires. The collection only ever holds locks in flight, so it stays tiny. Writes
 * under the lock can then filter on `_id` alone, which FerretDB v1 serves without
 * evaluating every document.
 */
export class LocksRepository {
  constructor(private readonly col: Collection<LockDoc>) {}

  /** Runs `fn` holding the lock `name`; 409 when it stays busy for `waitMs`. */
  async withLock<T>(name: string, fn: () => Promise<T>, ttlMs = 30_000, waitMs = 10_000): Promise<T> {
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
        await this.col.deleteOne({ _id: name, owner: held.owner });
        continue;
      }
      if (Date.now() > deadline) throw errors.conflict('busy', `${name} is being changed by someone else; retry in a moment.`);
      await sleep(10 + Math.random() * 20);
    }
    try {
      return await fn();
    } finally {
      await this.col.deleteOne({ _id: name, owner });
    }
  }
}
