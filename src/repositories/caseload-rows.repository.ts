import type { Collection } from 'mongodb';
import type { CaseloadRowDoc } from '../records';
import { afterCursor, passOptions, type ScopeFilter } from './cursor-filter';

/** The caseload's kept rows: one per active allocation (`_id` its number). */
export class CaseloadRowsRepository {
  constructor(private readonly col: Collection<CaseloadRowDoc>) {}

  /** Writes an allocation's row whole (its follow-ups hold the allocation's lock: the last write is the latest state); the row it replaced. */
  put(row: CaseloadRowDoc): Promise<CaseloadRowDoc | null> {
    // no projection: the engine's findAndModify takes none (the row is small)
    return this.col.findOneAndReplace({ _id: row._id }, row, { upsert: true, returnDocument: 'before' });
  }

  /** Removes an allocation's row (it ended, or is gone); the row removed. */
  remove(allocationNumber: string): Promise<CaseloadRowDoc | null> {
    return this.col.findOneAndDelete({ _id: allocationNumber });
  }

  /** Inserts the rows of newly registered allocations (an import's chunk); a row there already is written again. */
  async putNew(rows: CaseloadRowDoc[]): Promise<void> {
    if (rows.length === 0) return;
    try {
      await this.col.insertMany(rows, { ordered: false });
    } catch {
      for (const row of rows) await this.put(row); // some existed (a retried chunk): each written whole
    }
  }

  /** A page in allocation-number order within the filter, after the cursor. */
  pageInScope(filter: ScopeFilter, limit: number, after?: string): Promise<CaseloadRowDoc[]> {
    return this.col
      .find(afterCursor(filter, after), {
        sort: { _id: 1 },
        limit,
        ...passOptions(filter, 'every caseload row (admins)'),
      })
      .toArray();
  }

  /** Every row in a scope, in batches (a summary, a call list). */
  streamInScope(filter: ScopeFilter): AsyncIterable<CaseloadRowDoc> {
    return this.col.find(filter, { batchSize: 2000, ...passOptions(filter, 'every caseload row (admins)') });
  }

  /** The daily sweep's pass over every row. */
  dangerousStreamAll(): AsyncIterable<CaseloadRowDoc> {
    return this.col.find({}, { batchSize: 5000, comment: 'dangerous: every caseload row (the daily sweep)' });
  }
}
