import { dangerousDeleteInBatches } from './batched-delete';
import type { Collection } from 'mongodb';
import type { IdempotencyDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';

/**
 * Stored answers to requests sent with an Idempotency-Key; the unique `_id` decides who
 * runs. Reads and writes go by `_id` alone (the one filter FerretDB serves cheaply).
 */
export class IdempotencyRepository {
  constructor(private readonly col: Collection<IdempotencyDoc>) {}

  /** Claims a key for a request; returns null when claimed, or the existing record. */
  async claim(doc: IdempotencyDoc): Promise<IdempotencyDoc | null> {
    try {
      await this.col.insertOne(doc);
      return null;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.get(doc._id)) ?? this.claim(doc);
    }
  }

  /** The record of a key, if any. */
  get(id: string): Promise<IdempotencyDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /**
   * Moves an abandoned claim of attempt `attempt - 1` (in progress, its lease run out)
   * to a new owner and lease (the caller holds the takeover lock); false when it is no
   * longer that claim.
   */
  async takeOver(id: string, owner: string, leaseUntil: Date, attempt: number): Promise<boolean> {
    // a claim stored before attempts were counted has none: its first takeover is attempt 1
    const previous =
      attempt === 1 ? { $or: [{ attempt: 0 }, { attempt: { $exists: false } }] } : { attempt: attempt - 1 };
    const res = await this.col.updateOne(
      // still abandoned: its holder has not renewed it since it was read
      { _id: id, state: 'in_progress', leaseUntil: { $lt: new Date() }, ...previous },
      { $set: { owner, leaseUntil, attempt } },
    );
    return res.modifiedCount === 1;
  }

  /** Extends the lease of a claim `owner` still works on; false when it is no longer that owner's claim. */
  async renew(id: string, owner: string, leaseUntil: Date): Promise<boolean> {
    const res = await this.col.updateOne({ _id: id, owner, state: 'in_progress' }, { $set: { leaseUntil } });
    return res.matchedCount === 1;
  }

  /** Stores the final answer of a key `owner` holds (sealed); false when another attempt took it over. */
  async complete(id: string, owner: string, status: number, sealed: string): Promise<boolean> {
    const res = await this.col.updateOne(
      { _id: id, owner, state: 'in_progress' },
      { $set: { state: 'done', status, sealed }, $unset: { owner: '', leaseUntil: '' } },
    );
    return res.matchedCount === 1;
  }

  /**
   * Gives a key back (the request failed on our side, or transiently, so a retry may
   * run it): the claim stays, abandoned at once, so the retry takes it over and
   * knows that what this attempt may have stored before it failed is its own.
   */
  async release(id: string, owner: string): Promise<void> {
    await this.col.updateOne({ _id: id, owner }, { $set: { leaseUntil: new Date(0) } });
  }

  /** Up to `limit` records stored before ids and fingerprints were keyed. */
  dangerousListUnkeyed(limit: number): Promise<IdempotencyDoc[]> {
    return this.col
      .find({ keyed: { $exists: false } })
      .limit(limit)
      .toArray();
  }

  /**
   * Replaces an unkeyed record by its keyed version: the keyed one is inserted (once,
   * whoever gets there first), then the unkeyed one deleted.
   */
  async replaceUnkeyed(unkeyedId: string, keyed: IdempotencyDoc): Promise<void> {
    try {
      await this.col.insertOne(keyed);
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
    await this.col.deleteOne({ _id: unkeyedId, keyed: { $exists: false } });
  }

  /** Deletes answers, and claims abandoned by a crash, older than `before` (keys live at least 24 hours). */
  async dangerousDeleteOlderThan(before: Date): Promise<number> {
    return dangerousDeleteInBatches(this.col, { createdAt: { $lt: before } }, 'Idempotency-Key answers past 48 hours');
  }
}
