import type { FlagDoc, QuarterlyReportDoc, ReviewDoc } from '../../records';
import { dateInAmsterdam, previousQuarter, quarterOf } from '../../domain/dates';
import { errors } from '../../errors';
import { KPIS } from '../../kpis/definitions';
import type { KpiDefinition } from '../../kpis/types';
import type { FlagsRepository } from '../../repositories/flags.repository';
import { flagSeenBy } from '../flags/flags.service';
import type { QuarterlyReportsRepository } from '../../repositories/quarterly-reports.repository';
import { assertMayReadScorecard } from '../../policies/scorecards.policy';
import { isCaseLevel, seesCaseFlags } from '../../policies/flags.policy';
import { disclosedCounts } from '../../kpis/disclosure';
import type { Actor } from '../actor';
import { SCORECARD_QUARTERS, type KpiRow, type KpisService } from './kpis.service';
import type { RegistryService } from '../registry/registry.service';
import type { ReviewsService } from '../reviews/reviews.service';

/** Flags about the provider as a whole, shown in full on a scorecard (the others are counted per type). */
export const PROVIDER_FLAG_TYPES = new Set([
  'kpi_below_target',
  'quarterly_report_missing',
  'improvement_action_overdue',
]);
/** How many recent reviews a scorecard shows. */
export const SCORECARD_REVIEWS = 5;

/** Which way a KPI went: the latest judged final quarter against the judged final quarter before it. */
export type Trend = 'improving' | 'worsening' | 'stable' | 'unknown';

/**
 * A KPI's trend: compares the latest two final quarters that could be judged (data,
 * not a small sample). A change smaller than 2% of the target is stable.
 */
export function trendOf(
  def: Pick<KpiDefinition, 'direction'>,
  series: Pick<KpiRow, 'status' | 'value' | 'rating' | 'smallSample' | 'target'>[],
): Trend {
  const judged = series.filter(
    (q) => q.status === 'final' && q.rating !== 'no_data' && !q.smallSample && q.value !== null,
  );
  const latest = judged[judged.length - 1];
  const before = judged[judged.length - 2];
  if (!latest || !before) return 'unknown';
  const change = latest.value! - before.value!;
  if (Math.abs(change) < Math.abs(latest.target) * 0.02) return 'stable';
  return change > 0 === (def.direction === 'higher_is_better') ? 'improving' : 'worsening';
}

/** One quarter of a KPI on a scorecard; a quarter not computed yet has status not_computed. */
export interface ScorecardQuarter {
  quarter: string;
  status: 'final' | 'provisional' | 'not_computed';
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  /** How far on the wrong side of the target a value is still amber (a chart's amber line). */
  amberBand: number | null;
  rating: KpiRow['rating'] | null;
  smallSample: boolean;
}

/**
 * A provider's scorecard: per KPI the last eight closed quarters and the current one,
 * with trend; its open flags; its latest quarterly report; its reviews. Contract
 * managers see every provider's, a provider its own (404 for any other).
 */
export class ScorecardService {
  constructor(
    private readonly kpis: KpisService,
    private readonly registry: RegistryService,
    private readonly flags: FlagsRepository,
    private readonly reports: QuarterlyReportsRepository,
    private readonly reviews: ReviewsService,
    private readonly clock: () => Date,
    /** The smallest count of case flags a contract manager is told (KPI_MIN_DENOMINATOR). */
    private readonly minCount = 5,
  ) {}

  async scorecard(actor: Actor, agbCode: string) {
    assertMayReadScorecard(actor.principal, agbCode);
    const provider = await this.registry.findProvider(agbCode);
    if (!provider) throw errors.notFound('No such provider.');

    const current = quarterOf(dateInAmsterdam(this.clock()));
    const quarters = Array.from({ length: SCORECARD_QUARTERS + 1 }, (_, i) =>
      previousQuarter(current, SCORECARD_QUARTERS - i),
    );
    const rows = await this.kpis.list(actor, {
      providerAgbCode: agbCode,
      quarterFrom: quarters[0]!,
      quarterTo: current,
    });
    const kpis = KPIS.map((def) => {
      const mine = rows.filter((r) => r.kpi === def.id);
      const series: ScorecardQuarter[] = quarters.map((quarter) => {
        const r = mine.find((x) => x.quarter === quarter);
        return r
          ? {
              quarter,
              status: r.status,
              value: r.value,
              numerator: r.numerator,
              denominator: r.denominator,
              target: r.target,
              amberBand: r.amberBand,
              rating: r.rating,
              smallSample: r.smallSample,
            }
          : {
              quarter,
              status: 'not_computed',
              value: null,
              numerator: null,
              denominator: null,
              target: null,
              amberBand: null,
              rating: null,
              smallSample: false,
            };
      });
      const latestFinal = [...mine].reverse().find((r) => r.status === 'final') ?? null;
      return {
        kpi: def.id,
        name: def.name,
        direction: def.direction,
        unit: def.unit,
        latest: latestFinal && {
          quarter: latestFinal.quarter,
          value: latestFinal.value,
          target: latestFinal.target,
          rating: latestFinal.rating,
          smallSample: latestFinal.smallSample,
        },
        trend: trendOf(def, mine),
        quarters: series,
      };
    });

    const open = await this.flags.unresolvedOfProvider(agbCode);
    const counted: Record<string, number> = {};
    const caseTypes = new Set<string>();
    for (const f of open) {
      counted[f.type] = (counted[f.type] ?? 0) + 1;
      if (isCaseLevel(f)) caseTypes.add(f.type);
    }
    // a contract manager counts case flags under the small-number rule; a provider sees its own in full
    const { counts: countsByType, total } = seesCaseFlags(actor.principal)
      ? { counts: counted, total: open.length }
      : disclosedCounts(counted, caseTypes, this.minCount, open.length);
    const providerFlags: FlagDoc[] = open
      .filter((f) => PROVIDER_FLAG_TYPES.has(f.type))
      .sort((a, b) => b.raisedAt.getTime() - a.raisedAt.getTime())
      .map((f) => flagSeenBy(actor.principal, f)); // a provider reads its own notes only

    let latestReport: QuarterlyReportDoc | null = null;
    for await (const r of this.reports.currentOfProvider(agbCode)) {
      if (
        !latestReport ||
        r.quarter > latestReport.quarter ||
        (r.quarter === latestReport.quarter && r.submittedAt > latestReport.submittedAt)
      )
        latestReport = r;
    }
    const reviews: ReviewDoc[] = await this.reviews.list(actor, agbCode);
    return {
      provider,
      currentQuarter: current,
      kpis,
      openFlags: { total, countsByType, providerFlags },
      latestQuarterlyReport: latestReport,
      reviews: reviews.slice(0, SCORECARD_REVIEWS),
      reviewCount: reviews.length,
      nextTalkDate: reviews[0]?.nextTalkDate ?? null,
    };
  }
}

/** The scorecard as the service builds it (the route presents it). */
export type Scorecard = Awaited<ReturnType<ScorecardService['scorecard']>>;
