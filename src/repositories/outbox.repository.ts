import type { Collection, Filter, UpdateFilter } from 'mongodb';
import type { OutboxDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';
import { afterCursor } from './cursor-filter';

/** The outbox: messages written once (deterministic ids), delivered later by the outbox job. */
export class OutboxRepository {
  constructor(private readonly col: Collection<OutboxDoc>) {}

  /** Writes messages that are not in the outbox yet; returns how many were new. */
  async enqueue(docs: OutboxDoc[]): Promise<number> {
    if (docs.length === 0) return 0;
    try {
      await this.col.insertMany(docs, { ordered: false });
      return docs.length;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      return docs.length - ((err as { writeErrors?: unknown[] }).writeErrors ?? []).length;
    }
  }

  /** Pending messages whose next attempt is due, oldest first. */
  due(now: Date, limit: number): Promise<OutboxDoc[]> {
    return this.col
      .find({ status: 'pending', nextAttemptAt: { $lte: now } }, { sort: { nextAttemptAt: 1, _id: 1 }, limit })
      .toArray();
  }

  /** Records the outcome of an attempt. */
  async update(id: string, update: UpdateFilter<OutboxDoc>): Promise<void> {
    await this.col.updateOne({ _id: id }, update);
  }

  /** A page of messages, newest first. */
  page(filter: Filter<OutboxDoc>, limit: number, after?: string): Promise<OutboxDoc[]> {
    const query = afterCursor(filter, after);
    return this.col.find(query, { sort: { _id: 1 }, limit }).toArray();
  }
}
