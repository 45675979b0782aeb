import type { Collection, Filter } from 'mongodb';
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

  /** Records an attempt at delivering a message and what it changed (delivered, dead, the next attempt's time). */
  async recordAttempt(id: string, set: Partial<OutboxDoc>, attempt: OutboxDoc['attempts'][number]): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: set, $push: { attempts: attempt } });
  }

  /** A page of every message (an admin's read) of a status and channel, when given, in id order after the cursor. */
  dangerousPageAll(
    where: Partial<Pick<OutboxDoc, 'status' | 'channel'>>,
    limit: number,
    after?: string,
  ): Promise<OutboxDoc[]> {
    const filter: Filter<OutboxDoc> = {};
    if (where.status) filter.status = where.status;
    if (where.channel) filter.channel = where.channel;
    const query = afterCursor(filter, after);
    return this.col.find(query, { sort: { _id: 1 }, limit }).toArray();
  }
}
