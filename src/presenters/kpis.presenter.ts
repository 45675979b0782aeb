import type { ExperienceRatingDoc, KpiQuarterDoc, KpiRecomputationDoc, ReviewDoc } from '../records';
import type { KpiRow } from '../services/kpis/kpis.service';
import type { Scorecard } from '../services/kpis/scorecards.service';
import { presentFlag } from './flags.presenter';
import { presentQuarterlyReport } from './quarterly-reports.presenter';
import { presentProvider } from './registry.presenter';

/** A KPI row as it may be shown: a suppressed one without its figures. */
export type ShownKpiRow = Omit<KpiRow, 'value' | 'numerator' | 'denominator' | 'rating' | 'smallSample'> & {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  rating: KpiRow['rating'] | null;
  smallSample: boolean | null;
  /** For a row suppressed because its own count is small, where that may be said (the CSV's provider rows). */
  denominatorBand: string | null;
};

/**
 * A KPI row without the figures the small-number rule withholds (docs/kpis.md, "Small
 * numbers"): a municipality row the rule suppressed (`suppressed`, decided over the
 * provider's municipality rows together) shows no value, numerator, denominator,
 * breakdown, rating or small-sample mark; with `everyRow` (the CSV that leaves the
 * hub) a provider's row below `minDenominator` also shows only its count band.
 */
export function suppressedRow(r: KpiRow, minDenominator: number, everyRow = false): ShownKpiRow {
  const small = everyRow && r.denominator > 0 && r.denominator < minDenominator;
  if (!r.suppressed && !small) return { ...r, denominatorBand: null };
  const { breakdown: _breakdown, ...rest } = r;
  return {
    ...rest,
    value: null,
    numerator: null,
    denominator: null,
    rating: null,
    smallSample: r.suppressed ? null : true,
    denominatorBand: r.suppressed ? null : `1-${minDenominator - 1}`,
  };
}

/** A KPI result row as the API shows it (the small-number rule applied). */
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
    ...(r.suppressed ? { suppressed: true } : {}),
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
    // later requests for the quarter made while it was queued: it answers for them too
    joined: (doc.joined ?? []).map((j) => ({
      requestedBy: j.by.label,
      requestedAt: j.at.toISOString(),
      reason: j.reason,
    })),
    startedAt: doc.startedAt?.toISOString() ?? null,
    finishedAt: doc.finishedAt?.toISOString() ?? null,
    result: doc.result ?? null,
    error: doc.error ?? null,
  };
}
