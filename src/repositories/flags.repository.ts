import type { Collection, Filter, UpdateFilter } from 'mongodb';
import { passOptions, type ScopeFilter } from './cursor-filter';
import type { FlagDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';

/** One step in a flag's life as its history records it. */
export type FlagHistoryEntry = FlagDoc['history'][number];

/** The conditions of a list of flags: equalities (a value outside the reader's scope matches nothing) and since when. */
export interface FlagListFilters {
  status?: FlagDoc['status'];
  severity?: FlagDoc['severity'];
  providerAgbCode?: string;
  teamCode?: string;
  municipalityCode?: string;
  raisedSince?: Date;
}

/** A flag's change: the fields it sets and the history entry it appends, in one write. */
function stepOf(set: Partial<FlagDoc>, entry: FlagHistoryEntry): UpdateFilter<FlagDoc> {
  return { $set: set, $push: { history: entry } };
}

/** The filter of a list in a scope, or null when a filter falls outside the scope. */
function listFilter(scope: ScopeFilter, where: FlagListFilters): Filter<FlagDoc> | null {
  const filter: Filter<FlagDoc> = { ...scope };
  for (const key of ['status', 'severity', 'providerAgbCode', 'teamCode', 'municipalityCode'] as const) {
    const value = where[key];
    if (value === undefined) continue;
    if (scope[key] !== undefined && scope[key] !== value) return null;
    (filter as Record<string, unknown>)[key] = value;
  }
  if (where.raisedSince) filter.raisedAt = { $gte: where.raisedSince };
  return filter;
}

/** Access to flags. Flags are never deleted: their history is the record of what the hub noticed. */
export class FlagsRepository {
  constructor(private readonly col: Collection<FlagDoc>) {}

  /** Inserts flags that do not exist yet; returns the ids inserted. */
  async insertNew(docs: FlagDoc[]): Promise<Set<string>> {
    if (docs.length === 0) return new Set();
    try {
      await this.col.insertMany(docs, { ordered: false });
      return new Set(docs.map((d) => d._id));
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      const failed = new Set(
        ((err as { writeErrors?: { index: number }[] }).writeErrors ?? []).map((w) => docs[w.index]!._id),
      );
      return new Set(docs.map((d) => d._id).filter((id) => !failed.has(id)));
    }
  }

  /** One flag by id. */
  findById(id: string): Promise<FlagDoc | null> {
    return this.col.findOne({ _id: id });
  }

  /** Replaces a flag's evidence (the facts moved on: another quarter missing, say). */
  async setEvidence(id: string, evidence: FlagDoc['evidence']): Promise<FlagDoc | null> {
    return this.col.findOneAndUpdate({ _id: id }, { $set: { evidence } }, { returnDocument: 'after' });
  }

  /**
   * Applies a step to a flag only while it is in one of `from` (one atomic write: of
   * two people acting at once, one gets null): its fields and its history entry; the
   * flag after it.
   */
  async stepIfStatus(
    id: string,
    from: FlagDoc['status'][],
    set: Partial<FlagDoc>,
    entry: FlagHistoryEntry,
  ): Promise<FlagDoc | null> {
    return this.col.findOneAndUpdate({ _id: id, status: { $in: from } }, stepOf(set, entry), {
      returnDocument: 'after',
    });
  }

  /** Applies one step to many flags that are not resolved yet (one query); how many it changed. */
  async stepUnresolved(ids: string[], set: Partial<FlagDoc>, entry: FlagHistoryEntry): Promise<number> {
    if (ids.length === 0) return 0;
    const filter: Filter<FlagDoc> = { _id: { $in: ids }, status: { $ne: 'resolved' } };
    return (await this.col.updateMany(filter, stepOf(set, entry))).modifiedCount;
  }

  /** Id, status and evidence of every flag of these types, in one pass (for a sweep's diff). */
  dangerousStatusesOfTypes(types: string[]): AsyncIterable<Pick<FlagDoc, '_id' | 'status' | 'type' | 'evidence'>> {
    return this.col.find(
      { type: { $in: types } },
      { projection: { _id: 1, status: 1, type: 1, evidence: 1 }, batchSize: 5000 },
    );
  }

  /**
   * The types of the open (or acknowledged) flags of these allocations (a page of a
   * caseload or a call list), within a scope (a team's, a provider's): one query by the
   * allocations' numbers alone, which the engine answers through its index on them (with
   * the scope and status in the query too, PostgreSQL's planner chose the scope's index
   * and read the team's every open flag); status and scope are checked here.
   */
  async openTypesOf(
    scope: { teamCode?: string; providerAgbCode?: string },
    allocationNumbers: readonly string[],
  ): Promise<Map<string, string[]>> {
    const byAllocation = new Map<string, string[]>();
    if (allocationNumbers.length === 0) return byAllocation;
    const found = await this.col
      .find(
        { allocationNumber: { $in: [...new Set(allocationNumbers)] } },
        { projection: { type: 1, allocationNumber: 1, status: 1, teamCode: 1, providerAgbCode: 1 } },
      )
      .toArray();
    for (const f of found) {
      if (f.status === 'resolved') continue;
      if (scope.teamCode && f.teamCode !== scope.teamCode) continue;
      if (scope.providerAgbCode && f.providerAgbCode !== scope.providerAgbCode) continue;
      const n = f.allocationNumber!;
      byAllocation.set(n, [...(byAllocation.get(n) ?? []), f.type]);
    }
    return byAllocation;
  }

  /**
   * How many flags match a filter, per type and per whether they are about one youth's
   * case: counted by the engine (one `$group`, one accumulator), no flag sent over.
   */
  async countByTypeInScope(
    scope: ScopeFilter,
    where: FlagListFilters,
  ): Promise<{ type: string; caseLevel: boolean; n: number }[]> {
    const filter = listFilter(scope, where);
    if (!filter) return [];
    const rows = await this.col
      .aggregate<{ _id: { type: string; kind: string }; n: number }>(
        [{ $match: filter }, { $group: { _id: { type: '$type', kind: '$subject.kind' }, n: { $sum: 1 } } }],
        { comment: 'dangerous: flags counted per type (a contract manager: the region)' },
      )
      .toArray();
    return rows.map((r) => ({
      type: r._id.type,
      caseLevel: r._id.kind === 'allocation' || r._id.kind === 'extension_request',
      n: r.n,
    }));
  }

  /** Every flag in a scope matching a list's filters, of some types only when given (lists are counted and sorted in code). */
  findInScope(scope: ScopeFilter, where: FlagListFilters, types?: readonly string[]): Promise<FlagDoc[]> {
    const filter = listFilter(scope, where);
    if (!filter) return Promise.resolve([]);
    if (types) filter.type = { $in: [...types] };
    return this.col.find(filter, passOptions(filter, 'every flag (an unscoped list)')).toArray();
  }

  /** The flags about one subject (a campaign, a provider, ...), whatever their status. */
  ofSubject(subjectId: string): Promise<FlagDoc[]> {
    return this.col.find({ 'subject.id': subjectId }).toArray();
  }

  /** A provider's flags that are not resolved. */
  unresolvedOfProvider(providerAgbCode: string): Promise<FlagDoc[]> {
    return this.col.find({ providerAgbCode, status: { $ne: 'resolved' } }).toArray();
  }
}
