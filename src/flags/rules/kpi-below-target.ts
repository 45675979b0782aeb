import type { FlagRule, KpiFacts } from '../types';

const BELOW = new Set(['red', 'amber']);
const judged = (q: KpiFacts['series'][number]) => q.rating !== 'no_data' && !q.smallSample;

/**
 * A provider's KPI red or amber in its latest judged quarter (quarters with no data or
 * a small sample are skipped: they prove nothing either way). The occurrence is the
 * first quarter of the run of red and amber quarters; only a green quarter ends it.
 */
export const kpiBelowTarget: FlagRule<KpiFacts> = {
  type: 'kpi_below_target',
  severity: 'warning',
  owners: ['contract_manager'],
  notifyOnRaise: [], // told in one digest per snapshot (FlagSweepService.sweepKpis)
  title: 'KPI below target',
  condition: "a provider's quarterly KPI misses its contract target (red or amber, on a sample large enough to judge)",
  clears: 'a later quarter is green again',
  check({ providerAgbCode, kpi, series }) {
    const rated = series.filter(judged);
    const latest = rated[rated.length - 1];
    if (!latest || !BELOW.has(latest.rating)) return null;
    let since = latest;
    for (let i = rated.length - 2; i >= 0 && BELOW.has(rated[i]!.rating); i -= 1) since = rated[i]!;
    return {
      type: 'kpi_below_target',
      subject: { kind: 'provider', id: `${providerAgbCode}/${kpi}` },
      basis: since.quarter,
      scope: { providerAgbCode },
      evidence: {
        kpi,
        quarter: latest.quarter,
        value: latest.value,
        target: latest.target,
        rating: latest.rating,
        since: since.quarter,
      },
    };
  },
};
