import type { Collection } from 'mongodb';
import type { IdempotencyDoc } from '../db/documents';
import { isDuplicateKeyError } from '../db/errors';

/** Stored answers to requests sent with an Idempotency-Key; the unique `_id` decides who runs. */
export class IdempotencyRepository {
  constructor(private readonly col: Collection<IdempotencyDoc>) {}

  /** Claims a key for a request; returns null when claimed, or the existing record. */
  async claim(id: string, requestHash: string, now: Date): Promise<IdempotencyDoc | null> {
    try {
      await this.col.insertOne({ _id: id, requestHash, state: 'in_progress', createdAt: now });
      return null;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return (await this.get(id)) ?? this.claim(id, requestHash, now);
    }
  }

  /** The record of a key, if any. */
  get(id: string): Promise<IdempotencyDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** Stores the final answer of a claimed key. */
  async complete(id: string, status: number, body: unknown, headers: Record<string, string>): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: { state: 'done', status, body, headers } });
  }

  /** Gives a key back (the request failed on our side, so a retry may run it). */
  async release(id: string): Promise<void> {
    await this.col.deleteOne({ _id: id });
  }

  /** Deletes answers older than `before` (keys live at least 24 hours). */
  async deleteOlderThan(before: Date): Promise<number> {
    return (await this.col.deleteMany({ createdAt: { $lt: before }, state: 'done' })).deletedCount;
  }
}
