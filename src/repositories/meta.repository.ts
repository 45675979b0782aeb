import type { Collection } from 'mongodb';
import type { MetaDoc } from '../records';
import { insertUnlessTaken } from '../db/errors';

/** Small facts about the installation, one record each (a marker decides once, by its unique `_id`). */
export class MetaRepository {
  constructor(private readonly col: Collection<MetaDoc>) {}

  /** Writes a marker; false when one with its id exists already (someone else decided). */
  insertNew(doc: MetaDoc): Promise<boolean> {
    return insertUnlessTaken(this.col, doc);
  }

  /** A marker by id, or null. */
  findOne(id: string): Promise<MetaDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** Sets fields of a marker. */
  async set(id: string, fields: Partial<MetaDoc>): Promise<void> {
    await this.col.updateOne({ _id: id }, { $set: fields });
  }

  /** Deletes a marker. */
  async delete(id: string): Promise<void> {
    await this.col.deleteOne({ _id: id });
  }
}
