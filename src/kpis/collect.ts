import type { AllocationDoc, ContractDoc, EvaluationDoc, ExtensionRequestDoc, ExperienceRatingDoc, FlagDoc, TeamDoc } from '../db/documents';
import { addDays, addMonths, dateInAmsterdam, daysBetween, quarterRange } from '../domain/dates';
import { emptyInputs, type KpiInputs } from './types';

/** Where the records of one quarter come from: one pass per collection. */
export interface KpiSources {
  allocations(): AsyncIterable<Pick<AllocationDoc, '_id' | 'providerAgbCode' | 'municipalityCode' | 'contractNumber' | 'startDate' | 'endDate' | 'status' | 'endReason' | 'careStartDate'>>;
  evaluations(): AsyncIterable<Pick<EvaluationDoc, 'allocationNumber' | 'providerAgbCode' | 'municipalityCode' | 'status' | 'dueDate' | 'onTime' | 'meetingDate' | 'periodStart' | 'periodEnd' | 'isClosing' | 'goals' | 'satisfaction' | 'participants' | 'residence' | 'caseDirection'>>;
  openOverdueFlags(): AsyncIterable<Pick<FlagDoc, 'providerAgbCode' | 'municipalityCode' | 'basis' | 'status'>>;
  extensionRequests(): AsyncIterable<Pick<ExtensionRequestDoc, 'providerAgbCode' | 'municipalityCode' | 'status' | 'decidedAt' | 'source' | 'withoutEvaluation'>>;
  experienceRatings(quarter: string): AsyncIterable<Pick<ExperienceRatingDoc, 'providerAgbCode' | 'teamCode' | 'score'>>;
  teams(): Promise<Pick<TeamDoc, '_id' | 'municipalityCodes'>[]>;
  contracts(): Promise<Pick<ContractDoc, '_id' | 'reporting'>[]>;
}

/** The counters of one quarter: per provider (`agb|*`) and per provider and municipality (`agb|municipality`). */
export type QuarterInputs = Map<string, KpiInputs>;

/** True when at least half of the goals a closing evaluation assesses (new goals not counted) are achieved. */
export function goalsMostlyAchieved(goals: { status: string }[]): boolean {
  const assessed = goals.filter((g) => g.status !== 'new');
  return assessed.length > 0 && assessed.filter((g) => g.status === 'achieved').length * 2 >= assessed.length;
}

/**
 * Collects a quarter's KPI counters in one pass per collection (FerretDB v1 has no
 * index reads, `$avg` or multi-accumulator `$group`, so the counting is done here and
 * the ratios by the KPI definitions).
 */
export async function collectQuarter(quarter: string, sources: KpiSources): Promise<QuarterInputs> {
  const { start, end } = quarterRange(quarter);
  const inQuarter = (d: string | undefined) => d !== undefined && d >= start && d <= end;
  const cells: QuarterInputs = new Map();
  const cellsOf = (agb: string, municipality?: string | null): KpiInputs[] => {
    const keys = municipality ? [`${agb}|*`, `${agb}|${municipality}`] : [`${agb}|*`];
    return keys.map((k) => {
      let c = cells.get(k);
      if (!c) {
        c = emptyInputs();
        cells.set(k, c);
      }
      return c;
    });
  };
  const intervalOf = new Map((await sources.contracts()).map((c) => [c._id, c.reporting?.evaluationIntervalMonths ?? 3]));

  const endedInQuarter = new Map<string, KpiInputs[]>();
  const coverage = new Map<string, { cells: KpiInputs[]; windowStart: string }>();
  for await (const a of sources.allocations()) {
    const mine = cellsOf(a.providerAgbCode, a.municipalityCode);
    if (a.status === 'ended' && inQuarter(a.endDate)) {
      endedInQuarter.set(a._id, mine);
      for (const c of mine) {
        c.ended += 1;
        if (a.endReason === '32') c.droppedOut += 1;
      }
    }
    if (a.careStartDate && inQuarter(a.careStartDate)) {
      for (const c of mine) c.daysToCareStart.push(daysBetween(a.startDate, a.careStartDate));
    }
    const windowStart = addDays(addMonths(end, -(intervalOf.get(a.contractNumber) ?? 3)), 1);
    if (a.startDate <= windowStart && a.endDate >= end) {
      coverage.set(a._id, { cells: mine, windowStart });
      for (const c of mine) c.coverageEligible += 1;
    }
  }

  const closingCounted = new Set<string>();
  const covered = new Set<string>();
  for await (const ev of sources.evaluations()) {
    if (ev.status !== 'current') continue;
    const mine = cellsOf(ev.providerAgbCode, ev.municipalityCode);
    if (inQuarter(ev.dueDate)) {
      for (const c of mine) {
        c.evaluationsDue += 1;
        if (ev.onTime) c.evaluationsOnTime += 1;
      }
    }
    if (inQuarter(ev.meetingDate)) {
      for (const c of mine) {
        c.evaluationsHeld += 1;
        if (ev.participants.youth && ev.participants.parents) c.bothParticipated += 1;
        if (ev.residence.type !== 'unknown') c.residenceKnown += 1;
        if (ev.caseDirection.holder !== 'none') c.caseDirectionHeld += 1;
      }
    }
    const endedCells = endedInQuarter.get(ev.allocationNumber);
    if (ev.isClosing && endedCells && !closingCounted.has(ev.allocationNumber)) {
      closingCounted.add(ev.allocationNumber);
      for (const c of endedCells) {
        c.endedWithClosingEvaluation += 1;
        if (goalsMostlyAchieved(ev.goals)) c.endedGoalsAttained += 1;
        if (ev.satisfaction.youth !== null) {
          c.youthScoreSum += ev.satisfaction.youth;
          c.youthScores += 1;
        }
        if (ev.satisfaction.parents !== null) {
          c.parentScoreSum += ev.satisfaction.parents;
          c.parentScores += 1;
        }
      }
    }
    const candidate = coverage.get(ev.allocationNumber);
    if (candidate && !covered.has(ev.allocationNumber) && ev.periodEnd >= candidate.windowStart && ev.periodStart <= end) {
      covered.add(ev.allocationNumber);
      for (const c of candidate.cells) c.coverageCovered += 1;
    }
  }

  // evaluations that were due in the quarter and never came: the open overdue flags
  for await (const f of sources.openOverdueFlags()) {
    if (f.status !== 'resolved' && inQuarter(f.basis)) for (const c of cellsOf(f.providerAgbCode, f.municipalityCode)) c.evaluationsDue += 1;
  }

  for await (const r of sources.extensionRequests()) {
    if (r.status !== 'approved' || !r.decidedAt || !inQuarter(dateInAmsterdam(r.decidedAt))) continue;
    for (const c of cellsOf(r.providerAgbCode, r.municipalityCode)) {
      c.extensionsGranted += 1;
      if (r.source === 'provider' && !r.withoutEvaluation) c.extensionsReviewed += 1;
    }
  }

  const municipalitiesOf = new Map((await sources.teams()).map((t) => [t._id, t.municipalityCodes]));
  for await (const rating of sources.experienceRatings(quarter)) {
    const targets = [cellsOf(rating.providerAgbCode)[0]!, ...(municipalitiesOf.get(rating.teamCode) ?? []).map((m) => cellsOf(rating.providerAgbCode, m)[1]!)];
    for (const c of targets) {
      c.experienceSum += rating.score;
      c.experienceRatings += 1;
    }
  }
  return cells;
}
