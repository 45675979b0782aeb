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
import { KPI_BY_ID, KPIS } from '../../kpis/definitions';
import { rate, targetFor } from '../../kpis/targets';
import { emptyInputs, type KpiId } from '../../kpis/types';
import type { KpiSourcesRepository } from '../../repositories/kpi-sources.repository';
import type { KpiRepository } from '../../repositories/kpi.repository';
import type { LocksRepository } from '../../repositories/locks.repository';
import { kpiProviderScope } from '../../policies/kpis.policy';
import type { Actor } from '../actor';
import type { AuditService } from '../access/audit.service';

/** A KPI result as the API shows it: one provider, quarter, KPI (and municipality, or null for all). */
export type KpiRow = KpiResult & {
  quarter: string;
  providerAgbCode: string;
  name: { nl: string; en: string };
  status: 'final' | 'provisional';
  computedAt: string;
};

/** Filters for KPI rows. */
export interface KpiFilters {
  providerAgbCode?: string;
  quarter?: string;
  quarterFrom?: string;
  quarterTo?: string;
  municipalityCode?: string;
  kpi?: string;
  rating?: string;
}

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
/** How many filter sets' sorted rows the KPI list keeps (least recently used dropped first). */
const ROW_CACHE_ENTRIES = 64;
const KPI_ORDER = new Map(KPIS.map((k, i) => [k.id as string, i]));

/** The order KPI rows are listed in: quarter, provider, municipality (all first), KPI. */
export function kpiRowKey(r: {
  quarter: string;
  providerAgbCode: string;
  municipalityCode: string | null;
  kpi: string;
}): string {
  return `${r.quarter}|${r.providerAgbCode}|${r.municipalityCode ?? ''}|${String(KPI_ORDER.get(r.kpi) ?? 99).padStart(2, '0')}`;
}

/**
 * Computes, stores and serves the KPIs per provider and quarter (and per provider,
 * quarter and municipality). A quarter is computed provisionally while it is open or
 * settling, and finally once it has settled (KPI_SETTLE_DAYS after its end: late
 * reports and closing evaluations are in). Requests only read stored computations;
 * the kpi-snapshot job computes, and a contract manager can recompute a quarter, each
 * computation recorded.
 */
export class KpisService {
  /** Sorted rows per filters and computations, most recently used last (a computation's rows are immutable). */
  private readonly rowCache = new Map<string, readonly KpiRow[]>();

  constructor(
    private readonly sources: KpiSourcesRepository,
    private readonly repo: KpiRepository,
    private readonly locks: LocksRepository,
    private readonly audit: AuditService,
    private readonly settings: { minDenominator: number; settleDays: number },
    private readonly clock: () => Date,
  ) {}

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
  ): Promise<Map<string, Map<string, { overall: KpiResult[]; perMunicipality: KpiResult[] }>>> {
    const collected = await collectQuarters(quarters, this.sources);
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
    opts: { now?: Date; reason?: string } = {},
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
    opts: { now?: Date; reason?: string } = {},
  ): Promise<ComputationSummary[]> {
    const computedAt = opts.now ?? this.clock();
    const today = dateInAmsterdam(computedAt);
    this.assertComputable(quarters, computedAt);
    if (quarters.length === 0) return [];
    return this.locks.withLock(
      'kpis:compute',
      async () => {
        const started = Date.now();
        const results = await this.computeResults(quarters);
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
  async list(actor: Actor, filters: KpiFilters): Promise<readonly KpiRow[]> {
    const own = kpiProviderScope(actor.principal);
    if (own && filters.providerAgbCode && filters.providerAgbCode !== own) return [];
    const provider = own ?? filters.providerAgbCode;
    const inRange = (q: string) =>
      (!filters.quarter || q === filters.quarter) &&
      (!filters.quarterFrom || q >= filters.quarterFrom) &&
      (!filters.quarterTo || q <= filters.quarterTo);
    const keep = (r: KpiResult) =>
      (filters.municipalityCode ? r.municipalityCode === filters.municipalityCode : r.municipalityCode === null) &&
      (!filters.kpi || r.kpi === filters.kpi) &&
      (!filters.rating || r.rating === filters.rating);
    const quarters = (await this.repo.dangerousListAllQuarters()).filter((c) => inRange(c._id));
    // a computation (its results, status and time) never changes once stored: the same filters over the same computations give the same rows
    const cacheKey = JSON.stringify([
      provider ?? null,
      filters.municipalityCode ?? null,
      filters.kpi ?? null,
      filters.rating ?? null,
      quarters.map((q) => q.computationId),
    ]);
    const cached = this.rowCache.get(cacheKey);
    if (cached) {
      this.rowCache.delete(cacheKey); // most recently used last
      this.rowCache.set(cacheKey, cached);
      return cached;
    }
    const out: KpiRow[] = [];
    for (const q of quarters) {
      const computedAt = q.computedAt.toISOString(); // once per quarter, not per row
      const add = (r: KpiResult, agb: string) => {
        if (keep(r))
          out.push({
            ...r,
            quarter: q._id,
            providerAgbCode: agb,
            name: KPI_BY_ID.get(r.kpi as KpiId)!.name,
            status: q.status,
            computedAt,
          });
      };
      if (filters.municipalityCode) {
        const sheet = await this.repo.municipalitySheet(q.computationId, filters.municipalityCode);
        for (const { providerAgbCode, ...r } of sheet?.results ?? [])
          if (!provider || providerAgbCode === provider) add(r, providerAgbCode);
      } else {
        for (const sheet of await this.repo.sheetsOf(q.computationId, provider))
          for (const r of sheet.results) add(r, sheet.providerAgbCode);
      }
    }
    // each row's key computed once, compared by code point as the router's cursor is
    const keyed = out.map((r) => [kpiRowKey(r), r] as const);
    keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const rows: readonly KpiRow[] = keyed.map(([, r]) => r);
    this.rowCache.set(cacheKey, rows);
    while (this.rowCache.size > ROW_CACHE_ENTRIES) this.rowCache.delete(this.rowCache.keys().next().value!);
    return rows;
  }

  /** Each provider's final overall results per KPI, oldest quarter first (what the KPI flag reads). */
  async providerSeries(providerAgbCode?: string): Promise<KpiFacts[]> {
    const series = new Map<string, KpiFacts>();
    for (const q of (await this.repo.dangerousListAllQuarters()).filter((c) => c.status === 'final')) {
      for (const sheet of await this.repo.sheetsOf(q.computationId, providerAgbCode)) {
        for (const r of sheet.results) {
          const key = `${sheet.providerAgbCode}|${r.kpi}`;
          let s = series.get(key);
          if (!s) {
            s = { providerAgbCode: sheet.providerAgbCode, kpi: r.kpi, series: [] };
            series.set(key, s);
          }
          s.series.push({
            quarter: sheet.quarter,
            value: r.value,
            target: r.target,
            rating: r.rating,
            smallSample: r.smallSample,
          });
        }
      }
    }
    return [...series.values()];
  }

  /** Per KPI, a quarter's providers ranked best first (no data last; a small sample is ranked but marked). */
  async overview(actor: Actor, quarter: string) {
    const rows = await this.list(actor, { quarter });
    return KPIS.map((def) => {
      const ranked = rows
        .filter((r) => r.kpi === def.id)
        .sort((a, b) => {
          if (a.value === null || b.value === null)
            return a.value === null ? (b.value === null ? a.providerAgbCode.localeCompare(b.providerAgbCode) : 1) : -1;
          return (
            (def.direction === 'higher_is_better' ? b.value - a.value : a.value - b.value) ||
            a.providerAgbCode.localeCompare(b.providerAgbCode)
          );
        });
      const counts = { green: 0, amber: 0, red: 0, no_data: 0 };
      for (const r of ranked) counts[r.rating] += 1;
      return {
        kpi: def.id,
        name: def.name,
        direction: def.direction,
        unit: def.unit,
        counts,
        ranking: ranked.map((r, i) => ({
          rank: r.value === null ? null : i + 1,
          providerAgbCode: r.providerAgbCode,
          value: r.value,
          denominator: r.denominator,
          target: r.target,
          rating: r.rating,
          smallSample: r.smallSample,
        })),
      };
    });
  }
}
