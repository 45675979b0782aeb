import type { KpiResult } from '../../records';
import type { KpiFacts } from '../../flags/types';
import { KPI_BY_ID, KPIS } from '../../kpis/definitions';
import type { KpiId } from '../../kpis/types';
import type { KpiRepository } from '../../repositories/kpi.repository';
import { kpiProviderScope } from '../../policies/kpis.policy';
import { tokenHolder } from '../../policies/principal';
import { suppressedRows } from '../../kpis/disclosure';
import type { Actor } from '../actor';

/**
 * A KPI result as the API shows it: one provider, quarter, KPI (and municipality, or
 * null for all). A municipality row the small-number rule suppresses
 * (src/kpis/disclosure.ts) is `suppressed`: its presenters show no value, numerator,
 * denominator, breakdown or rating, and no filter on those finds it.
 */
export type KpiRow = KpiResult & {
  suppressed?: true;
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

/** How many computations' disclosed municipality rows are kept (a computation's rows are immutable). */
const DISCLOSED_COMPUTATIONS = 8;

/** A municipality row after the small-number rule. */
type DisclosedResult = KpiResult & { providerAgbCode: string; suppressed?: true };

/** Reads stored computations: KPI rows (kept sorted per filters), providers' series, the region ranking. */
export class KpiRows {
  /** Sorted rows per filters and computations, most recently used last (a computation's rows are immutable). */
  private readonly rowCache = new Map<string, readonly KpiRow[]>();
  /** Per computation, each municipality's rows after the small-number rule. */
  private readonly disclosed = new Map<string, Map<string, DisclosedResult[]>>();

  constructor(
    private readonly repo: KpiRepository,
    private readonly minDenominator: number,
  ) {}

  /**
   * A computation's rows in one municipality as a person may see them: the small-number
   * rule decided over every municipality's rows of the computation (a provider's group
   * spans them), once per computation.
   */
  private async disclosedIn(computationId: string, municipalityCode: string): Promise<DisclosedResult[]> {
    let byMunicipality = this.disclosed.get(computationId);
    if (!byMunicipality) {
      const all = (await this.repo.municipalitySheetsOf(computationId)).flatMap((sheet) => sheet.results);
      const hidden = suppressedRows(all, this.minDenominator, (kpi) => KPI_BY_ID.get(kpi as KpiId)?.unit === 'ratio');
      byMunicipality = new Map();
      all.forEach((r, i) => {
        const m = r.municipalityCode!;
        const rows = byMunicipality!.get(m) ?? [];
        rows.push(hidden.has(i) ? { ...r, suppressed: true } : r);
        byMunicipality!.set(m, rows);
      });
      this.disclosed.set(computationId, byMunicipality);
      while (this.disclosed.size > DISCLOSED_COMPUTATIONS) this.disclosed.delete(this.disclosed.keys().next().value!);
    }
    return byMunicipality.get(municipalityCode) ?? [];
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
    const keep = (r: KpiResult & { suppressed?: true }) =>
      (filters.municipalityCode ? r.municipalityCode === filters.municipalityCode : r.municipalityCode === null) &&
      (!filters.kpi || r.kpi === filters.kpi) &&
      (!filters.rating || (!r.suppressed && r.rating === filters.rating));
    const quarters = (await this.repo.dangerousListAllQuarters()).filter((c) => inRange(c._id));
    // a computation (its results, status and time) never changes once stored: the same filters over the same computations give the same rows
    // the system (jobs, the CLI) counts with the raw figures; a person sees them disclosed
    const raw = tokenHolder(actor.principal) === null;
    const cacheKey = JSON.stringify([
      raw,
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
      const add = (r: KpiResult & { suppressed?: true }, agb: string) => {
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
        const results = raw
          ? ((await this.repo.municipalitySheet(q.computationId, filters.municipalityCode))?.results ?? [])
          : await this.disclosedIn(q.computationId, filters.municipalityCode);
        for (const { providerAgbCode, ...r } of results)
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
