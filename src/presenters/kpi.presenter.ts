import type { ExperienceRatingDoc, KpiQuarterDoc, ReviewDoc } from '../db/documents';
import type { KpiRow } from '../services/kpis.service';
import type { Scorecard } from '../services/scorecard.service';
import { presentFlag } from './flag.presenter';
import { presentQuarterlyReport } from './intake.presenter';
import { presentProvider } from './registry.presenter';

/** A KPI result row as the API shows it. */
export function presentKpiRow(r: KpiRow) {
  return {
    quarter: r.quarter,
    providerAgbCode: r.providerAgbCode,
    municipalityCode: r.municipalityCode,
    kpi: r.kpi,
    name: r.name,
    value: r.value,
    numerator: r.numerator,
    denominator: r.denominator,
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
      computationId: h.computationId, computedAt: h.computedAt.toISOString(), status: h.status, trigger: h.trigger, by: h.by,
      reason: h.reason ?? null, providers: h.providers, results: h.results, durationMs: h.durationMs,
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
    actions: doc.actions.map((a) => ({ n: a.n, description: a.description, owner: a.owner, dueDate: a.dueDate, status: a.status, completedAt: a.completedAt?.toISOString() ?? null })),
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
    openFlags: { total: s.openFlags.total, countsByType: s.openFlags.countsByType, providerFlags: s.openFlags.providerFlags.map(presentFlag) },
    latestQuarterlyReport: s.latestQuarterlyReport && presentQuarterlyReport(s.latestQuarterlyReport),
    reviews: s.reviews.map(presentReview),
    reviewCount: s.reviewCount,
    nextTalkDate: s.nextTalkDate,
  };
}
