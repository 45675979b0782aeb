import type { ExperienceRatingDoc, KpiQuarterDoc, KpiRecomputationDoc, ReviewDoc } from '../records';
import type { KpiRow } from '../services/kpis/kpis.service';
import type { Scorecard } from '../services/kpis/scorecard.service';
import { presentFlag } from './flag.presenter';
import { presentQuarterlyReport } from './intake.presenter';
import { presentProvider } from './registry.presenter';

/**
 * A KPI row whose counts are too small to publish: a per-municipality row (or, for the
 * CSV that leaves the hub, any row) with a denominator below KPI_MIN_DENOMINATOR shows
 * its count band instead of value, numerator, denominator and breakdown, so no single
 * youth's score can be read off it.
 */
export function suppressedRow(
  r: KpiRow,
  minDenominator: number,
  everyRow = false,
): KpiRow & { denominatorBand: string | null } {
  const small = r.denominator > 0 && r.denominator < minDenominator && (everyRow || r.municipalityCode !== null);
  if (!small) return { ...r, denominatorBand: null };
  const { breakdown: _breakdown, ...rest } = r;
  return {
    ...rest,
    value: null,
    numerator: null,
    denominator: null as unknown as number,
    denominatorBand: `1-${minDenominator - 1}`,
  };
}

/** A KPI result row as the API shows it (small per-municipality counts suppressed). */
export function presentKpiRow(row: KpiRow, minDenominator: number) {
  const r = suppressedRow(row, minDenominator);
  return {
    quarter: r.quarter,
    providerAgbCode: r.providerAgbCode,
    municipalityCode: r.municipalityCode,
    kpi: r.kpi,
    name: r.name,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
    ...(r.denominatorBand ? { denominatorBand: r.denominatorBand } : {}),
    ...(r.breakdown ? { breakdown: r.breakdown } : {}),
    target: r.target,
    amberBand: r.amberBand,
    rating: r.rating,
    smallSample: r.smallSample,
    status: r.status,
    computedAt: r.computedAt,
  };
}

/** A quarter's KPI computation and its history. */
export function presentKpiQuarter(q: KpiQuarterDoc) {
  return {
    quarter: q._id,
    status: q.status,
    computedAt: q.computedAt.toISOString(),
    trigger: q.trigger,
    by: q.by,
    history: q.history.map((h) => ({
      computationId: h.computationId,
      computedAt: h.computedAt.toISOString(),
      status: h.status,
      trigger: h.trigger,
      by: h.by,
      reason: h.reason ?? null,
      providers: h.providers,
      results: h.results,
      durationMs: h.durationMs,
    })),
  };
}

/** A review as the API shows it. */
export function presentReview(doc: ReviewDoc) {
  return {
    id: doc._id,
    providerAgbCode: doc.providerAgbCode,
    date: doc.date,
    kpisDiscussed: doc.kpisDiscussed,
    notes: doc.notes,
    actions: doc.actions.map((a) => ({
      n: a.n,
      description: a.description,
      owner: a.owner,
      dueDate: a.dueDate,
      status: a.status,
      completedAt: a.completedAt?.toISOString() ?? null,
    })),
    nextTalkDate: doc.nextTalkDate,
    nextTalkBasis: doc.nextTalkBasis,
    createdAt: doc.createdAt.toISOString(),
    createdBy: doc.createdBy,
  };
}

/** An experience rating as the API shows it (who rated stays out: the rating is the team's voice). */
export function presentExperienceRating(doc: ExperienceRatingDoc) {
  return {
    quarter: doc.quarter,
    providerAgbCode: doc.providerAgbCode,
    teamCode: doc.teamCode,
    score: doc.score,
    remarks: doc.remarks ?? null,
    ratedAt: doc.ratedAt.toISOString(),
  };
}

/** A provider's scorecard as the API shows it. */
export function presentScorecard(s: Scorecard) {
  return {
    provider: presentProvider(s.provider),
    currentQuarter: s.currentQuarter,
    kpis: s.kpis,
    openFlags: {
      total: s.openFlags.total,
      countsByType: s.openFlags.countsByType,
      providerFlags: s.openFlags.providerFlags.map((f) => presentFlag(f)),
    },
    latestQuarterlyReport: s.latestQuarterlyReport && presentQuarterlyReport(s.latestQuarterlyReport),
    reviews: s.reviews.map(presentReview),
    reviewCount: s.reviewCount,
    nextTalkDate: s.nextTalkDate,
  };
}

/** A recomputation as the API shows it: its state, and the computation or the reason it failed. */
export function presentRecomputation(doc: KpiRecomputationDoc) {
  return {
    id: doc._id,
    quarter: doc.quarter,
    reason: doc.reason,
    status: doc.status,
    requestedBy: doc.requestedBy.audit.label,
    requestedAt: doc.requestedAt.toISOString(),
    startedAt: doc.startedAt?.toISOString() ?? null,
    finishedAt: doc.finishedAt?.toISOString() ?? null,
    result: doc.result ?? null,
    error: doc.error ?? null,
  };
}
