import type { Collection } from 'mongodb';
import type { FollowUpDoc } from '../records';

/** Follow-up writes owed for bulk writes; tiny, holding only work in flight. */
export class FollowUpsRepository {
  constructor(private readonly col: Collection<FollowUpDoc>) {}

  async add(doc: FollowUpDoc): Promise<void> {
    await this.col.insertOne(doc);
  }

  async done(id: string): Promise<void> {
    await this.col.deleteOne({ _id: id });
  }

  /** Whole-collection pass over a collection that holds only what crashes left. */
  dangerousStreamAll(): AsyncIterable<FollowUpDoc> {
    return this.col.find({}, { batchSize: 1000, comment: 'dangerous: every follow-up note (what crashes left)' });
  }
}
