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

  /** Moves an in-progress claim to a new owner and lease (the caller holds the takeover lock). */
  async takeOver(id: string, owner: string, leaseUntil: Date, attempt: number): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { owner, leaseUntil, attempt } });
  }

  /** Extends the lease of a claim still being worked on. */
  async renew(id: string, leaseUntil: Date): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { leaseUntil } });
  }

  /** Stores the final answer of a claimed key (sealed). */
  async complete(id: string, status: number, sealed: string): Promise<void> {
    await this.col.updateOne(
      { _id: id },
      { $set: { state: 'done', status, sealed }, $unset: { owner: '', leaseUntil: '' } },
    );
  }

  /**
   * Gives a key back (the request failed on our side, or transiently, so a retry may
   * run it): the claim stays, abandoned at once, so the retry takes it over and
   * knows that what this attempt may have stored before it failed is its own.
   */
  async release(id: string, owner: string): Promise<void> {
    await this.col.updateOne({ _id: id, owner }, { $set: { leaseUntil: new Date(0) } });
  }

  /** Deletes answers, and claims abandoned by a crash, older than `before` (keys live at least 24 hours). */
  async dangerousDeleteOlderThan(before: Date): Promise<number> {
    return dangerousDeleteInBatches(this.col, { createdAt: { $lt: before } }, 'Idempotency-Key answers past 48 hours');
  }
}
