import crypto from 'node:crypto';
import type {
  ContractDoc,
  KpiComputationEntry,
  KpiMunicipalitySheetDoc,
  KpiQuarterDoc,
  KpiResult,
  KpiSheetDoc,
} from '../../records';
import { addDays, dateInAmsterdam, previousQuarter, quarterOf, quarterRange } from '../../domain/dates';
import { errors } from '../../errors';
import type { KpiFacts } from '../../flags/types';
import { collectQuarters } from '../../kpis/collect';
import { KPIS } from '../../kpis/definitions';
import { rate, targetFor } from '../../kpis/targets';
import { emptyInputs } from '../../kpis/types';
import type { KpiSourcesRepository } from '../../repositories/kpi-sources.repository';
import type { KpiRepository } from '../../repositories/kpi.repository';
import type { LocksRepository } from '../../repositories/locks.repository';
import type { Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import { KpiRows, kpiRowKey, type KpiFilters, type KpiRow } from './kpi-rows';

export { kpiRowKey, type KpiFilters, type KpiRow } from './kpi-rows';

/** What a computation did. */
export interface ComputationSummary {
  quarter: string;
  computationId: string;
  status: 'final' | 'provisional';
  providers: number;
  results: number;
  durationMs: number;
}

/** How many closed quarters the job keeps computed and a scorecard shows. */
export const SCORECARD_QUARTERS = 8;

/**
 * Computes, stores and serves the KPIs per provider and quarter (and per provider,
 * quarter and municipality). A quarter is computed provisionally while it is open or
 * settling, and finally once it has settled (KPI_SETTLE_DAYS after its end: late
 * reports and closing evaluations are in). Requests only read stored computations;
 * the kpi-snapshot job computes, and a contract manager can recompute a quarter, each
 * computation recorded.
 */
export class KpisService {
  private readonly rows: KpiRows;

  constructor(
    private readonly sources: KpiSourcesRepository,
    private readonly repo: KpiRepository,
    private readonly locks: LocksRepository,
    private readonly audit: AuditService,
    private readonly settings: { minDenominator: number; settleDays: number },
    private readonly clock: () => Date,
  ) {
    this.rows = new KpiRows(repo, settings.minDenominator);
  }

  /** The contract whose targets apply to a provider in a quarter: the earliest-starting one running then. */
  private async contractsByProvider(quarter: string): Promise<Map<string, ContractDoc>> {
    const { start, end } = quarterRange(quarter);
    const byProvider = new Map<string, ContractDoc>();
    for (const c of (await this.sources.dangerousListAllContracts()).sort(
      (a, b) => a.startDate.localeCompare(b.startDate) || a._id.localeCompare(b._id),
    )) {
      const runs = c.startDate <= end && (c.extensionOptionEndDate ?? c.endDate) >= start;
      if (runs && !byProvider.has(c.providerAgbCode)) byProvider.set(c.providerAgbCode, c);
    }
    return byProvider;
  }

  /**
   * Computes every KPI of some quarters in one pass over the records: per registered
   * provider (all of them, no data included) and per provider and municipality with data.
   */
  async computeResults(
    quarters: string[],
    asOf = dateInAmsterdam(this.clock()),
  ): Promise<Map<string, Map<string, { overall: KpiResult[]; perMunicipality: KpiResult[] }>>> {
    const collected = await collectQuarters(quarters, this.sources, asOf);
    const providers = await this.sources.dangerousListAllProviderCodes();
    const out = new Map<string, Map<string, { overall: KpiResult[]; perMunicipality: KpiResult[] }>>();
    for (const [quarter, cells] of collected) {
      for (const agb of providers) if (!cells.has(`${agb}|*`)) cells.set(`${agb}|*`, emptyInputs());
      const contracts = await this.contractsByProvider(quarter);
      const byProvider = new Map<string, { overall: KpiResult[]; perMunicipality: KpiResult[] }>();
      for (const [key, inputs] of cells) {
        const [agb, municipality] = key.split('|') as [string, string];
        let sheet = byProvider.get(agb);
        if (!sheet) {
          sheet = { overall: [], perMunicipality: [] };
          byProvider.set(agb, sheet);
        }
        for (const def of KPIS) {
          const result = def.compute(inputs);
          const target = targetFor(def.id, contracts.get(agb)?.kpiTargets);
          const row: KpiResult = {
            municipalityCode: municipality === '*' ? null : municipality,
            kpi: def.id,
            value: result.value,
            numerator: result.numerator,
            denominator: result.denominator,
            target: target.target,
            amberBand: target.amberBand,
            rating: rate(def, result, target),
            smallSample: result.denominator > 0 && result.denominator < this.settings.minDenominator,
          };
          if (result.breakdown) row.breakdown = result.breakdown;
          (municipality === '*' ? sheet.overall : sheet.perMunicipality).push(row);
        }
      }
      out.set(quarter, byProvider);
    }
    return out;
  }

  /** True once a quarter has ended and its settle days have passed. */
  isSettled(quarter: string, today: string): boolean {
    return addDays(quarterRange(quarter).end, this.settings.settleDays) < today;
  }

  /** 422 unless every quarter has begun on `now`. */
  assertComputable(quarters: string[], now: Date): void {
    const today = dateInAmsterdam(now);
    const future = quarters.find((q) => quarterRange(q).start > today);
    if (future)
      throw errors.unprocessable('kpi-rules', `Quarter ${future} has not begun.`, [
        { path: '/quarter', message: 'must not be a future quarter' },
      ]);
  }

  /** Computes one quarter now (see computeMany); a recomputation gives its reason. */
  async compute(
    quarter: string,
    trigger: 'snapshot' | 'recompute',
    actor: Actor,
    opts: { now?: Date; reason?: string; onStart?: () => Promise<void> } = {},
  ): Promise<ComputationSummary> {
    return (await this.computeMany([quarter], trigger, actor, opts))[0]!;
  }

  /**
   * Computes quarters in one pass and makes each current at once (final when settled,
   * else provisional); the previous computations' sheets are deleted. One computation
   * at a time (409 otherwise). A recomputation is recorded in the quarter's history
   * and in the audit trail.
   */
  async computeMany(
    quarters: string[],
    trigger: 'snapshot' | 'recompute',
    actor: Actor,
    opts: { now?: Date; reason?: string; onStart?: () => Promise<void> } = {},
  ): Promise<ComputationSummary[]> {
    const computedAt = opts.now ?? this.clock();
    const today = dateInAmsterdam(computedAt);
    this.assertComputable(quarters, computedAt);
    if (quarters.length === 0) return [];
    return this.locks.withLock(
      'kpis:compute',
      async () => {
        await opts.onStart?.(); // the computation holds the KPIs now: what it reads is from here on
        const started = Date.now();
        const results = await this.computeResults(quarters, today);
        const passMs = Date.now() - started;
        const summaries: ComputationSummary[] = [];
        for (const quarter of quarters) {
          const stored = Date.now();
          const status = this.isSettled(quarter, today) ? 'final' : 'provisional';
          const computationId = `${quarter}@${computedAt.toISOString()}#${crypto.randomBytes(4).toString('hex')}`;
          const sheets = [...results.get(quarter)!];
          const storedAt = new Date();
          const byMunicipality = new Map<string, KpiMunicipalitySheetDoc>();
          for (const [agb, sheet] of sheets) {
            for (const r of sheet.perMunicipality) {
              const m = r.municipalityCode!;
              let doc = byMunicipality.get(m);
              if (!doc) {
                doc = { _id: m, computationId, quarter, results: [], storedAt };
                byMunicipality.set(m, doc);
              }
              doc.results.push({ providerAgbCode: agb, ...r });
            }
          }
          await this.repo.insertSheets(
            computationId,
            sheets.map(([agb, s]): KpiSheetDoc => ({
              _id: agb,
              computationId,
              quarter,
              providerAgbCode: agb,
              results: s.overall,
              storedAt,
            })),
            [...byMunicipality.values()],
          );
          const entry: KpiComputationEntry = {
            computationId,
            computedAt,
            status,
            trigger,
            by: actor.audit.tokenId ?? actor.audit.label,
            providers: sheets.length,
            results: sheets.reduce((n, [, s]) => n + s.overall.length + s.perMunicipality.length, 0),
            durationMs: Math.round(passMs / quarters.length) + Date.now() - stored,
          };
          if (opts.reason) entry.reason = opts.reason;
          const previous = await this.repo.switchTo(quarter, entry);
          if (previous && previous !== computationId) await this.repo.deleteComputation(previous);
          if (trigger === 'recompute')
            await this.audit.record(actor, [
              { action: 'kpi.recompute', objectType: 'kpi-quarter', objectId: quarter, clientRef: null },
            ]);
          summaries.push({
            quarter,
            computationId,
            status,
            providers: entry.providers,
            results: entry.results,
            durationMs: entry.durationMs,
          });
        }
        return summaries;
      },
      30 * 60_000,
      0,
    );
  }

  /**
   * What the kpi-snapshot job computes on `now`: each of the last eight closed quarters
   * without a final computation, and the current quarter (provisional); none before
   * the first contract started.
   */
  async quartersToCompute(now: Date): Promise<string[]> {
    const final = new Set(
      (await this.repo.dangerousListAllQuarters()).filter((q) => q.status === 'final').map((q) => q._id),
    );
    const firstContractStart = (await this.sources.dangerousListAllContracts()).map((c) => c.startDate).sort()[0];
    if (!firstContractStart) return [];
    const current = quarterOf(dateInAmsterdam(now));
    const quarters: string[] = [];
    for (let back = SCORECARD_QUARTERS; back >= 0; back -= 1) {
      const quarter = previousQuarter(current, back);
      if (!final.has(quarter) && quarterRange(quarter).end >= firstContractStart) quarters.push(quarter);
    }
    return quarters;
  }

  /** Drops the results of computations that never became current, stored before `olderThan` (housekeeping); returns how many collections. */
  deleteOrphanResults(olderThan: Date): Promise<number> {
    return this.repo.dangerousDeleteOrphans(olderThan);
  }

  /** The computed quarters with their status and computation history (oldest first). */
  computations(): Promise<KpiQuarterDoc[]> {
    return this.repo.dangerousListAllQuarters();
  }

  /** KPI rows in the caller's scope matching the filters, in kpiRowKey order. */
  list(actor: Actor, filters: KpiFilters): Promise<readonly KpiRow[]> {
    return this.rows.list(actor, filters);
  }

  /** A page of those rows: `limit` after the cursor's key, plus one more (unreturned) that tells a next page exists. */
  async page(actor: Actor, filters: KpiFilters, page: { limit: number; after?: string }): Promise<KpiRow[]> {
    const rows = await this.list(actor, filters);
    const start = page.after ? rows.findIndex((r) => kpiRowKey(r) > page.after!) : 0;
    return start < 0 ? [] : rows.slice(start, start + page.limit + 1);
  }

  /** Every row for the CSV export, with the providers' names it shows beside their codes. */
  async export(actor: Actor, filters: KpiFilters): Promise<{ rows: readonly KpiRow[]; names: Map<string, string> }> {
    const rows = await this.list(actor, filters);
    return { rows, names: await this.sources.dangerousProviderNames() };
  }

  /** Each provider's final overall results per KPI, oldest quarter first (what the KPI flag reads). */
  providerSeries(providerAgbCode?: string): Promise<KpiFacts[]> {
    return this.rows.providerSeries(providerAgbCode);
  }

  /** Per KPI, a quarter's providers ranked best first (no data last; a small sample is ranked but marked). */
  overview(actor: Actor, quarter: string) {
    return this.rows.overview(actor, quarter);
  }
}
