import type { Collection } from 'mongodb';
import type { KpiComputationEntry, KpiQuarterDoc, KpiSheetDoc } from '../db/documents';

/** The `_id` of a provider's sheet in a computation. */
export function kpiSheetId(computationId: string, providerAgbCode: string): string {
  return `${computationId}|${providerAgbCode}`;
}

/**
 * KPI results. A computation writes its sheets (one per provider) under a new id and
 * then points the quarter at it (one document), so readers switch from the old to the
 * new results at once and never see a half-written quarter; the old sheets are deleted
 * afterwards.
 */
export class KpiRepository {
  constructor(
    private readonly sheets: Collection<KpiSheetDoc>,
    private readonly municipalitySheets: Collection<KpiSheetDoc>,
    private readonly quarters: Collection<KpiQuarterDoc>,
  ) {}

  /** Stores a computation's sheets, overall and per municipality (not yet visible). */
  async insertSheets(overall: KpiSheetDoc[], perMunicipality: KpiSheetDoc[]): Promise<void> {
    for (const [col, docs] of [[this.sheets, overall], [this.municipalitySheets, perMunicipality]] as const) {
      for (let i = 0; i < docs.length; i += 200) await col.insertMany(docs.slice(i, i + 200));
    }
  }

  /** Makes a computation the quarter's current one and records it; returns the previous computation id. */
  async switchTo(quarter: string, entry: KpiComputationEntry): Promise<string | null> {
    const previous = await this.quarters.findOne({ _id: quarter });
    await this.quarters.updateOne(
      { _id: quarter },
      { $set: { computationId: entry.computationId, computedAt: entry.computedAt, status: entry.status, trigger: entry.trigger, by: entry.by }, $push: { history: entry } },
      { upsert: true },
    );
    return previous?.computationId ?? null;
  }

  /** Deletes the sheets of a computation that is no longer current. */
  async deleteComputation(computationId: string): Promise<void> {
    await this.sheets.deleteMany({ computationId });
    await this.municipalitySheets.deleteMany({ computationId });
  }

  /**
   * Deletes sheets of computations that are not current (a computation that died
   * before it was switched to) and were stored before `olderThan`; returns how many.
   */
  async deleteOrphans(olderThan: Date): Promise<number> {
    const current = (await this.quarters.find({}, { projection: { computationId: 1 } }).toArray()).map((q) => q.computationId);
    let deleted = 0;
    for (const col of [this.sheets, this.municipalitySheets]) deleted += (await col.deleteMany({ computationId: { $nin: current }, storedAt: { $lt: olderThan } })).deletedCount;
    return deleted;
  }

  /** The quarters that have a current computation, oldest first. */
  async computedQuarters(): Promise<KpiQuarterDoc[]> {
    return (await this.quarters.find({}).toArray()).sort((a, b) => a._id.localeCompare(b._id));
  }

  /** The sheets of a computation, overall or per municipality: one provider's (by id), or all. */
  async sheetsOf(computationId: string, opts: { providerAgbCode?: string | undefined; perMunicipality?: boolean } = {}): Promise<KpiSheetDoc[]> {
    const col = opts.perMunicipality ? this.municipalitySheets : this.sheets;
    if (opts.providerAgbCode) {
      const one = await col.findOne({ _id: kpiSheetId(computationId, opts.providerAgbCode) });
      return one ? [one] : [];
    }
    return col.find({ computationId }).toArray();
  }
}
