import type { Collection, Filter, UpdateFilter } from 'mongodb';
import { passOptions } from './cursor-filter';
import type { FlagDoc } from '../records';
import { isDuplicateKeyError } from '../db/errors';

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

  /** Updates one flag by id. */
  async update(id: string, update: UpdateFilter<FlagDoc>): Promise<FlagDoc | null> {
    return this.col.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' });
  }

  /**
   * Applies a person's step to a flag only while it is in one of `from` (one atomic
   * write: of two people acting at once, one gets null); the flag after it.
   */
  async updateIfStatus(id: string, from: FlagDoc['status'][], update: UpdateFilter<FlagDoc>): Promise<FlagDoc | null> {
    return this.col.findOneAndUpdate({ _id: id, status: { $in: from } }, update, { returnDocument: 'after' });
  }

  /** Applies one update to many flags that are not resolved yet (one query). */
  async updateUnresolved(ids: string[], update: UpdateFilter<FlagDoc>): Promise<number> {
    if (ids.length === 0) return 0;
    return (await this.col.updateMany({ _id: { $in: ids }, status: { $ne: 'resolved' } }, update)).modifiedCount;
  }

  /** Id, status and evidence of every flag of these types, in one pass (for a sweep's diff). */
  dangerousStatusesOfTypes(types: string[]): AsyncIterable<Pick<FlagDoc, '_id' | 'status' | 'type' | 'evidence'>> {
    return this.col.find(
      { type: { $in: types } },
      { projection: { _id: 1, status: 1, type: 1, evidence: 1 }, batchSize: 5000 },
    );
  }

  /** Type and subject of every flag matching a filter (a caseload's open flags per allocation), without history or evidence beyond the allocation. */
  /**
   * The types of the open (or acknowledged) flags of these allocations, among the flags
   * of a scope (a team's, a provider's): plain equalities on the scope and the status,
   * two queries, so the engine reads only those, not the scope's resolved ones.
   */
  async openTypesOf(
    scope: { teamCode?: string; providerAgbCode?: string },
    allocationNumbers: readonly string[],
  ): Promise<Map<string, string[]>> {
    const byAllocation = new Map<string, string[]>();
    if (allocationNumbers.length === 0) return byAllocation;
    const wanted = new Set(allocationNumbers);
    const query: Filter<FlagDoc> = {};
    if (scope.teamCode) query.teamCode = scope.teamCode;
    if (scope.providerAgbCode) query.providerAgbCode = scope.providerAgbCode;
    const [open, acknowledged] = await Promise.all([
      this.findSubjects({ ...query, status: 'open' }),
      this.findSubjects({ ...query, status: 'acknowledged' }),
    ]);
    for (const f of [...open, ...acknowledged]) {
      const n = f.subject.kind === 'allocation' ? f.subject.id : f.evidence.allocationNumber;
      if (typeof n === 'string' && wanted.has(n)) byAllocation.set(n, [...(byAllocation.get(n) ?? []), f.type]);
    }
    return byAllocation;
  }

  findSubjects(filter: Filter<FlagDoc>): Promise<Pick<FlagDoc, '_id' | 'type' | 'subject' | 'evidence'>[]> {
    return this.col
      .find(filter, {
        projection: { type: 1, subject: 1, 'evidence.allocationNumber': 1 },
        ...passOptions(filter, 'every flag (an unscoped caseload)'),
      })
      .toArray();
  }

  /**
   * How many flags match a filter, per type and per whether they are about one youth's
   * case: counted by the engine (one `$group`, one accumulator), no flag sent over.
   */
  async countByType(filter: Filter<FlagDoc>): Promise<{ type: string; caseLevel: boolean; n: number }[]> {
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

  /** Every flag matching a filter (scoped lists are filtered, counted and paged in code). */
  find(filter: Filter<FlagDoc>): Promise<FlagDoc[]> {
    return this.col.find(filter, passOptions(filter, 'every flag (an unscoped list)')).toArray();
  }
}
