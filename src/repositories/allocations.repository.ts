import type { Collection, Filter, UpdateFilter } from 'mongodb';
import type {
  AllocationChange,
  AllocationDoc,
  AllocationListItem,
  AllocationSummary,
  EvaluationFact,
  EvaluationSummary,
} from '../records';
import { insertUnlessTaken, isDuplicateKeyError } from '../db/errors';
import { afterCursor, passOptions, type ScopeFilter } from './cursor-filter';

/** The equality filters of a list of allocations, the client by its keyed reference. */
export interface AllocationListFilters {
  teamCode?: string;
  providerAgbCode?: string;
  municipalityCode?: string;
  contractNumber?: string;
  status?: 'active' | 'ended';
  clientRef?: string;
  /** Leave shielded cases out (a reader who may not see them). */
  hideShielded?: boolean;
}

/** Thin access to allocations. Every read takes a scope filter from the allocations policy. */
export class AllocationsRepository {
  constructor(private readonly col: Collection<AllocationDoc>) {}

  /** Inserts a new allocation; false when the number exists. */
  insertNew(doc: AllocationDoc): Promise<boolean> {
    return insertUnlessTaken(this.col, doc);
  }

  /** Inserts many; returns the numbers that collided with existing ones. */
  async insertImportChunk(docs: AllocationDoc[]): Promise<Set<string>> {
    if (docs.length === 0) return new Set();
    try {
      await this.col.insertMany(docs, { ordered: false });
      return new Set();
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const writeErrors = (err as { writeErrors?: { index: number; code?: number }[] }).writeErrors ?? [];
      if (writeErrors.some((w) => w.code !== 11000)) throw err;
      return new Set(writeErrors.map((w) => docs[w.index]!._id));
    }
  }

  /**
   * One allocation by number, or null. The filter is `_id` alone (callers check scope
   * in code): the only filter FerretDB v1 evaluates in SQL rather than document by
   * document in Go, and an index lookup on MongoDB.
   */
  findById(allocationNumber: string): Promise<AllocationDoc | null> {
    return this.col.findOne({ _id: allocationNumber });
  }

  /**
   * Which of these allocations are shielded (iJw OP003): one lookup by `_id` each (the
   * filter FerretDB v1 answers from its index), at most a page's worth at a time.
   */
  async shieldedAmong(allocationNumbers: Iterable<string>): Promise<Set<string>> {
    const numbers = [...new Set(allocationNumbers)];
    const found = await Promise.all(
      numbers.map((n) => this.col.findOne({ _id: n }, { projection: { _id: 1, shielded: 1 } })),
    );
    return new Set(found.filter((d) => d?.shielded === true).map((d) => d!._id));
  }

  /**
   * Every allocation matching a filter, without the heavy fields (history, encrypted
   * BSN, KPI facts), in batches: one query (an index range on MongoDB, one scan on FerretDB v1,
   * where looking allocations up one by one or with `$in` would scan for each lookup).
   */
  streamScope(scope: ScopeFilter): AsyncIterable<AllocationSummary> {
    return this.summaries(scope, passOptions(scope, 'every allocation (an unscoped reader: admins)'));
  }

  /** A job's pass over every allocation (matching `filter`), as `streamScope` reads them; `why` names it in the engine's log. */
  dangerousStreamAll(why: string, filter: Filter<AllocationDoc> = {}): AsyncIterable<AllocationSummary> {
    return this.summaries(filter, { comment: `dangerous: ${why}` });
  }

  private summaries(filter: Filter<AllocationDoc>, options: { comment?: string }): AsyncIterable<AllocationSummary> {
    return this.col.find<AllocationSummary>(filter, {
      projection: { history: 0, 'client.bsnEnc': 0, evaluationFacts: 0 },
      batchSize: 2000,
      ...options,
    });
  }

  /**
   * A page in allocation-number order, within a read scope and the list's equality
   * filters (a filter outside the scope matches nothing), without shielded cases when
   * the reader may not see them, after the cursor; list items only.
   */
  pageInScope(
    scope: ScopeFilter,
    filters: AllocationListFilters,
    limit: number,
    after?: string,
  ): Promise<AllocationListItem[]> {
    const filter: Filter<AllocationDoc> = { ...scope };
    if (filters.hideShielded) filter.shielded = { $ne: true };
    for (const key of ['teamCode', 'providerAgbCode', 'municipalityCode', 'contractNumber', 'status'] as const) {
      const value = filters[key];
      if (value === undefined) continue;
      if (scope[key] !== undefined && scope[key] !== value) return Promise.resolve([]);
      (filter as Record<string, unknown>)[key] = value;
    }
    if (filters.clientRef) filter['client.ref'] = filters.clientRef;
    const query = afterCursor(filter, after);
    return this.col
      .find<AllocationListItem>(query, { sort: { _id: 1 }, limit, projection: { history: 0, evaluationFacts: 0 } })
      .toArray();
  }

  /** Applies an update by `_id` (callers hold the allocation's lock) and returns the result. */
  private applyUpdate(allocationNumber: string, update: UpdateFilter<AllocationDoc>): Promise<AllocationDoc | null> {
    return this.col.findOneAndUpdate({ _id: allocationNumber }, update, { returnDocument: 'after' });
  }

  /**
   * Records a change of an allocation in one write (callers hold its lock): the fields
   * it sets and drops, its entry in the history, one more version; marked pending
   * when follow-ups are to come. The allocation as it is now, or null.
   */
  recordChange(
    allocationNumber: string,
    change: {
      set: Partial<AllocationDoc>;
      unset?: readonly (keyof AllocationDoc)[];
      entry: AllocationChange;
      pending?: boolean;
    },
  ): Promise<AllocationDoc | null> {
    const { set, unset = [], entry, pending } = change;
    return this.applyUpdate(allocationNumber, {
      $set: { ...set, updatedAt: entry.at, ...(pending ? { pending: 'update' as const } : {}) },
      ...(unset.length > 0 ? { $unset: Object.fromEntries(unset.map((k) => [k, ''])) } : {}),
      $inc: { version: 1 },
      $push: { history: entry },
    });
  }

  /** Clears an allocation's pending mark: its change's follow-ups are done. */
  clearPending(allocationNumber: string): Promise<AllocationDoc | null> {
    return this.applyUpdate(allocationNumber, { $unset: { pending: '' } });
  }

  /** Records how many extension requests an allocation has had (the request's own follow-up). */
  setExtensionRequestCount(allocationNumber: string, count: number): Promise<AllocationDoc | null> {
    return this.applyUpdate(allocationNumber, { $set: { extensionRequestCount: count } });
  }

  /** Records an allocation's evaluation summary and KPI facts (an evaluation's own follow-up). */
  setEvaluationSummary(
    allocationNumber: string,
    evaluations: EvaluationSummary,
    evaluationFacts: EvaluationFact[],
  ): Promise<AllocationDoc | null> {
    return this.applyUpdate(allocationNumber, { $set: { evaluations, evaluationFacts } });
  }

  /** The allocations whose change left follow-ups pending (an index range on `pending`; a scan on FerretDB SQLite). */
  dangerousStreamPending(): AsyncIterable<Pick<AllocationDoc, '_id'>> {
    return this.col.find<Pick<AllocationDoc, '_id'>>(
      { pending: { $in: ['create', 'update'] } },
      { projection: { _id: 1 }, batchSize: 2000 },
    );
  }
}
