import type { Collections } from '../db/collections';
import type { ContractDoc } from '../records';
import type { KpiSources } from '../kpis/collect';

/**
 * What the KPI computation reads: every tenant's records, unscoped, in one pass per
 * collection with only the fields the KPIs need (evaluation reports as the facts
 * their allocations carry). For computing KPIs only; results are scoped when read.
 */
export class KpiSourcesRepository implements KpiSources {
  constructor(private readonly col: Collections) {}

  dangerousStreamAllAllocations() {
    return this.col.allocations.find(
      {},
      {
        comment: 'dangerous: the KPI pass over every allocation',
        projection: {
          providerAgbCode: 1,
          municipalityCode: 1,
          contractNumber: 1,
          startDate: 1,
          endDate: 1,
          status: 1,
          endReason: 1,
          careStartDate: 1,
          evaluationFacts: 1,
          'client.ref': 1,
        },
        batchSize: 5000,
      },
    );
  }

  dangerousStreamOpenOverdueFlags() {
    return this.col.flags.find(
      { type: 'evaluation_overdue', status: { $ne: 'resolved' } },
      { projection: { providerAgbCode: 1, municipalityCode: 1, basis: 1, status: 1 }, batchSize: 5000 },
    );
  }

  dangerousStreamApprovedExtensions() {
    return this.col.extensionRequests.find(
      { status: 'approved' },
      {
        projection: {
          providerAgbCode: 1,
          municipalityCode: 1,
          status: 1,
          decidedAt: 1,
          source: 1,
          withoutEvaluation: 1,
        },
        batchSize: 5000,
      },
    );
  }

  dangerousStreamRatingsOf(quarters: string[]) {
    return this.col.experienceRatings.find(
      { quarter: { $in: quarters } },
      { projection: { quarter: 1, providerAgbCode: 1, teamCode: 1, score: 1 } },
    );
  }

  dangerousListAllTeams() {
    return this.col.teams
      .find({}, { projection: { municipalityCodes: 1 }, comment: 'dangerous: every team (KPI pass)' })
      .toArray();
  }

  /** Every contract, whole (reporting rules for the intervals, targets for the ratings). */
  dangerousListAllContracts(): Promise<ContractDoc[]> {
    return this.col.contracts.find({}, { comment: 'dangerous: every contract (KPI pass)' }).toArray();
  }

  /** Every registered provider's name, by AGB code (the CSV export names them). */
  async dangerousProviderNames(): Promise<Map<string, string>> {
    const providers = await this.col.providers
      .find({}, { projection: { name: 1 }, comment: 'dangerous: every provider (the KPI export names them)' })
      .toArray();
    return new Map(providers.map((p) => [p._id, p.name]));
  }

  /** The AGB code of every registered provider. */
  async dangerousListAllProviderCodes(): Promise<string[]> {
    return (
      await this.col.providers
        .find({}, { projection: { _id: 1 }, comment: 'dangerous: every provider (KPI pass)' })
        .toArray()
    ).map((p) => p._id);
  }

  /** The provider of each active allocation, region-wide (for a provider's share of the volume). */
  async dangerousCountActivePerProvider(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for await (const a of this.col.allocations.find(
      { status: 'active' },
      { projection: { providerAgbCode: 1 }, batchSize: 5000, comment: 'dangerous: every active allocation (KPI pass)' },
    )) {
      counts.set(a.providerAgbCode, (counts.get(a.providerAgbCode) ?? 0) + 1);
    }
    return counts;
  }
}
