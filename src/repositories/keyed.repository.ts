import type { Collection, Filter, OptionalUnlessRequiredId, UpdateFilter } from 'mongodb';
import { insertUnlessTaken } from '../db/errors';
import { afterCursor, passOptions } from './cursor-filter';

/**
 * The base of the repositories of collections keyed by a natural string `_id` (AGB
 * code, team code, contract number, evaluation id, ...): insert once, read by id (the
 * filter shape FerretDB v1 evaluates in SQL), a named whole pass. Filters, updates and
 * pages are the subclass's own: each collection's repository names its queries by
 * intent (`EvaluationsRepository.pageInScope`), and services hand it no filter.
 */
export abstract class KeyedRepository<T extends { _id: string }> {
  constructor(protected readonly col: Collection<T>) {}

  /** Inserts; false when a record with this id exists already. */
  insertNew(doc: T): Promise<boolean> {
    return insertUnlessTaken(this.col, doc as OptionalUnlessRequiredId<T>);
  }

  /** Finds one record by id (an `_id`-only filter, looked up without a scan), or null. */
  findOne(id: string): Promise<T | null> {
    return this.col.findOne({ _id: id } as Filter<T>) as Promise<T | null>;
  }

  /** Updates one record by id and returns it as it is now, or null when there is none. */
  protected updateById(id: string, update: UpdateFilter<T>): Promise<T | null> {
    return this.col.findOneAndUpdate({ _id: id } as Filter<T>, update, {
      returnDocument: 'after',
    }) as Promise<T | null>;
  }

  /** Every record matching a filter, in batches: one query (an empty filter is a whole pass, named so). */
  protected stream<P extends object = T>(filter: Filter<T>, projection?: Record<string, 0 | 1>): AsyncIterable<P> {
    return this.col.find<P>(filter, {
      projection,
      batchSize: 5000,
      ...passOptions(filter, `every ${this.col.collectionName} record`),
    });
  }

  /** A pass over every record matching a filter that is no tenant's scope (a job's, say), in batches; `why` names it in the engine's log. */
  protected dangerousStreamWhere<P extends object = T>(
    why: string,
    filter: Filter<T>,
    projection?: Record<string, 0 | 1>,
  ): AsyncIterable<P> {
    return this.col.find<P>(filter, { projection, batchSize: 5000, comment: `dangerous: ${why}` });
  }

  /** Whole-collection pass, in batches: every record (reference data, a job's pass); `why` names it in the engine's log. */
  dangerousStreamAll<P extends object = T>(why: string, projection?: Record<string, 0 | 1>): AsyncIterable<P> {
    return this.col.find<P>({}, { projection, batchSize: 5000, comment: `dangerous: ${why}` });
  }

  /** A page of records matching the filter, in id order, after the cursor id. */
  protected page(filter: Filter<T>, limit: number, after?: string): Promise<T[]> {
    const query = afterCursor(filter, after);
    return this.col.find(query, { sort: { _id: 1 }, limit }).toArray() as Promise<T[]>;
  }
}
