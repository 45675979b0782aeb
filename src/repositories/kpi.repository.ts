import type { Collection, Db } from 'mongodb';
import type { KpiComputationEntry, KpiMunicipalitySheetDoc, KpiQuarterDoc, KpiSheetDoc } from '../records';

const PREFIX = 'kpi_results_';
/** How many computations' sheets an instance keeps in memory (about 1 MB each at 180 providers). */
const SHEET_CACHE_COMPUTATIONS = 8;

/** The collection of a computation's sheets: per provider (`o`) or per municipality (`m`). */
export function kpiSheetsCollectionName(computationId: string, perMunicipality: boolean): string {
  return `${PREFIX}${perMunicipality ? 'm' : 'o'}_${computationId.replace(/[^A-Za-z0-9]+/g, '_')}`;
}

/**
 * KPI results. Each computation writes its sheets into two collections of its own:
 * each provider's overall results (`_id` the AGB code) and each municipality's
 * results of all providers (`_id` the municipality code). Then it points
 * the quarter at it (one document): readers switch from the old to the new results at
 * once and never see a half-written quarter, and the old computation is dropped
 * whole. On FerretDB v1, where reads and deletes decode every document they consider,
 * this keeps reading a quarter to its own 180 sheets and makes deleting one free
 * (a `deleteMany` over all quarters' sheets took 5 s).
 */
export class KpiRepository {
  /**
   * Every provider's sheets of recent computations, by computation id. A computation's
   * sheets never change once it is current (a recomputation writes a new id), so
   * every instance may keep them: the list of all providers' KPIs reads them once.
   */
  private readonly allSheets = new Map<string, KpiSheetDoc[]>();

  constructor(
    private readonly db: Db,
    private readonly quarters: Collection<KpiQuarterDoc>,
  ) {}

  private sheets(computationId: string): Collection<KpiSheetDoc> {
    return this.db.collection<KpiSheetDoc>(kpiSheetsCollectionName(computationId, false));
  }

  private municipalitySheets(computationId: string): Collection<KpiMunicipalitySheetDoc> {
    return this.db.collection<KpiMunicipalitySheetDoc>(kpiSheetsCollectionName(computationId, true));
  }

  /** Stores a computation's sheets, per provider and per municipality (not yet visible). */
  async insertSheets(
    computationId: string,
    perProvider: KpiSheetDoc[],
    perMunicipality: KpiMunicipalitySheetDoc[],
  ): Promise<void> {
    for (let i = 0; i < perProvider.length; i += 200)
      await this.sheets(computationId).insertMany(perProvider.slice(i, i + 200));
    for (let i = 0; i < perMunicipality.length; i += 20)
      await this.municipalitySheets(computationId).insertMany(perMunicipality.slice(i, i + 20));
  }

  /** Makes a computation the quarter's current one and records it; returns the previous computation id. */
  async switchTo(quarter: string, entry: KpiComputationEntry): Promise<string | null> {
    const previous = await this.quarters.findOne({ _id: quarter });
    await this.quarters.updateOne(
      { _id: quarter },
      {
        $set: {
          computationId: entry.computationId,
          computedAt: entry.computedAt,
          status: entry.status,
          trigger: entry.trigger,
          by: entry.by,
        },
        $push: { history: entry },
      },
      { upsert: true },
    );
    return previous?.computationId ?? null;
  }

  /** Drops the sheets of a computation that is no longer current. */
  async deleteComputation(computationId: string): Promise<void> {
    for (const municipal of [false, true])
      await this.db.collection(kpiSheetsCollectionName(computationId, municipal)).drop().catch(ignoreMissing);
  }

  /**
   * Drops the sheets of computations that are not current (one that died before it was
   * switched to) and were stored before `olderThan`; returns how many collections.
   */
  async dangerousDeleteOrphans(olderThan: Date): Promise<number> {
    const current = new Set(
      (await this.dangerousListAllQuarters()).flatMap((q) => [
        kpiSheetsCollectionName(q.computationId, false),
        kpiSheetsCollectionName(q.computationId, true),
      ]),
    );
    let dropped = 0;
    for (const { name } of await this.db.listCollections({}, { nameOnly: true }).toArray()) {
      if (!name.startsWith(PREFIX) || current.has(name)) continue;
      const sample = await this.db.collection<KpiSheetDoc>(name).findOne({}, { projection: { storedAt: 1 } });
      if (sample && sample.storedAt >= olderThan) continue;
      await this.db.collection(name).drop().catch(ignoreMissing);
      dropped += 1;
    }
    return dropped;
  }

  /** The quarters that have a current computation, oldest first. */
  async dangerousListAllQuarters(): Promise<KpiQuarterDoc[]> {
    return (
      await this.quarters.find({}, { comment: 'dangerous: every computed quarter (one document each)' }).toArray()
    ).sort((a, b) => a._id.localeCompare(b._id));
  }

  /** A computation's per-provider sheets: one provider's (by id), or all. */
  async sheetsOf(computationId: string, providerAgbCode?: string): Promise<KpiSheetDoc[]> {
    if (providerAgbCode) {
      const one = await this.sheets(computationId).findOne({ _id: providerAgbCode });
      return one ? [one] : [];
    }
    const cached = this.allSheets.get(computationId);
    if (cached) return cached;
    const read = await this.sheets(computationId)
      .find({}, { comment: "dangerous: a computation's sheets (one per provider)" })
      .toArray();
    this.allSheets.set(computationId, read);
    while (this.allSheets.size > SHEET_CACHE_COMPUTATIONS) this.allSheets.delete(this.allSheets.keys().next().value!);
    return read;
  }

  /** Every municipality's sheet of a computation (one per municipality of the region). */
  municipalitySheetsOf(computationId: string): Promise<KpiMunicipalitySheetDoc[]> {
    return this.municipalitySheets(computationId)
      .find({}, { comment: "dangerous: a computation's municipality sheets (one per municipality)" })
      .toArray();
  }

  /** A computation's sheet of one municipality (every provider's results there), or null. */
  municipalitySheet(computationId: string, municipalityCode: string): Promise<KpiMunicipalitySheetDoc | null> {
    return this.municipalitySheets(computationId).findOne({ _id: municipalityCode });
  }
}

/** Dropping a collection that is not there (never written, or dropped by another run) is fine. */
function ignoreMissing(err: unknown): void {
  const e = err as { codeName?: string; code?: number };
  if (e.codeName === 'NamespaceNotFound' || e.code === 26) return;
  throw err;
}
