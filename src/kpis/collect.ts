import type {
  AllocationDoc,
  ContractDoc,
  ExtensionRequestDoc,
  ExperienceRatingDoc,
  FlagDoc,
  TeamDoc,
} from '../records';
import { addDays, addMonths, dateInAmsterdam, daysBetween, quarterRange } from '../domain/dates';
import { emptyInputs, type KpiInputs } from './types';

/** What the KPIs read of an allocation (its evaluation reports included, as facts; its client by keyed hash). */
export type KpiAllocation = { client: { ref: string } } & Pick<
  AllocationDoc,
  | '_id'
  | 'providerAgbCode'
  | 'municipalityCode'
  | 'contractNumber'
  | 'startDate'
  | 'endDate'
  | 'status'
  | 'endReason'
  | 'careStartDate'
  | 'evaluationFacts'
>;

/** Where the records come from: one pass per collection, whatever the number of quarters. */
export interface KpiSources {
  dangerousStreamAllAllocations(): AsyncIterable<KpiAllocation>;
  dangerousStreamOpenOverdueFlags(): AsyncIterable<
    Pick<FlagDoc, 'providerAgbCode' | 'municipalityCode' | 'basis' | 'status'>
  >;
  dangerousStreamApprovedExtensions(): AsyncIterable<
    Pick<
      ExtensionRequestDoc,
      'providerAgbCode' | 'municipalityCode' | 'status' | 'decidedAt' | 'source' | 'withoutEvaluation'
    >
  >;
  dangerousStreamRatingsOf(
    quarters: string[],
  ): AsyncIterable<Pick<ExperienceRatingDoc, 'quarter' | 'providerAgbCode' | 'teamCode' | 'score'>>;
  dangerousListAllTeams(): Promise<Pick<TeamDoc, '_id' | 'municipalityCodes'>[]>;
  dangerousListAllContracts(): Promise<Pick<ContractDoc, '_id' | 'reporting'>[]>;
}

/** The counters of one quarter: per provider (`agb|*`) and per provider and municipality (`agb|municipality`). */
export type QuarterInputs = Map<string, KpiInputs>;

/** One quarter being counted. */
class QuarterCounter {
  readonly start: string;
  readonly end: string;
  readonly cells: QuarterInputs = new Map();

  constructor(readonly quarter: string) {
    ({ start: this.start, end: this.end } = quarterRange(quarter));
  }

  has(date: string | undefined): boolean {
    return date !== undefined && date >= this.start && date <= this.end;
  }

  /** The provider's cell, and its cell in the municipality when there is one. */
  cellsOf(agb: string, municipality?: string | null): KpiInputs[] {
    const keys = municipality ? [`${agb}|*`, `${agb}|${municipality}`] : [`${agb}|*`];
    return keys.map((k) => {
      let c = this.cells.get(k);
      if (!c) {
        c = emptyInputs();
        this.cells.set(k, c);
      }
      return c;
    });
  }
}

/** Counts one allocation (and the evaluation facts it carries) into a quarter. */
function countAllocation(a: KpiAllocation, q: QuarterCounter, intervalMonths: number): void {
  const facts = a.evaluationFacts ?? [];
  const mine = () => q.cellsOf(a.providerAgbCode, a.municipalityCode);
  if (a.status === 'ended' && q.has(a.endDate)) {
    const closing = facts.find((f) => f.closing);
    for (const c of mine()) {
      c.ended += 1;
      if (a.endReason === '32') c.droppedOut += 1;
      if (!closing) continue;
      if (closing.continuation) {
        c.endedWithContinuation += 1;
        if (closing.continuation === '04') c.endedNoFurtherHelp += 1;
      }
      c.endedWithClosingEvaluation += 1;
      if (closing.goalsAttained) c.endedGoalsAttained += 1;
      if (closing.youthScore !== null) {
        c.youthScoreSum += closing.youthScore;
        c.youthScores += 1;
      }
      if (closing.parentScore !== null) {
        c.parentScoreSum += closing.parentScore;
        c.parentScores += 1;
      }
    }
  }
  if (a.careStartDate && q.has(a.careStartDate)) {
    for (const c of mine()) c.daysToCareStart.push(daysBetween(a.startDate, a.careStartDate));
  }
  const windowStart = addDays(addMonths(q.end, -intervalMonths), 1);
  if (a.startDate <= windowStart && a.endDate >= q.end) {
    const covered = facts.some((f) => f.periodEnd >= windowStart && f.periodStart <= q.end);
    for (const c of mine()) {
      c.coverageEligible += 1;
      if (covered) c.coverageCovered += 1;
    }
  }
  for (const f of facts) {
    if (q.has(f.dueDate)) {
      for (const c of mine()) {
        c.evaluationsDue += 1;
        if (f.onTime) c.evaluationsOnTime += 1;
      }
    }
    if (q.has(f.meetingDate)) {
      for (const c of mine()) {
        c.evaluationsHeld += 1;
        if (f.bothParticipated) c.bothParticipated += 1;
        if (f.residenceKnown) c.residenceKnown += 1;
        if (f.caseDirectionHeld) c.caseDirectionHeld += 1;
      }
    }
  }
}

/**
 * BiJ 3.2, no repeat youth care: every allocation's start, by client (the first 16
 * hex digits of its keyed hash, 64 bits), and the ended allocations whose 6 months
 * have passed by `asOf`; counted once the pass has seen every start.
 */
class RepeatHelp {
  private readonly startsOf = new Map<string, string[]>();
  private readonly ended: { client: string; end: string; cells: KpiInputs[] }[] = [];
  constructor(private readonly asOf: string) {}

  see(a: KpiAllocation, counters: QuarterCounter[]): void {
    const client = a.client.ref.slice(0, 16);
    const starts = this.startsOf.get(client);
    if (starts) starts.push(a.startDate);
    else this.startsOf.set(client, [a.startDate]);
    if (a.status !== 'ended' || addMonths(a.endDate, REPEAT_WINDOW_MONTHS) > this.asOf) return;
    for (const q of counters)
      if (q.has(a.endDate))
        this.ended.push({ client, end: a.endDate, cells: q.cellsOf(a.providerAgbCode, a.municipalityCode) });
  }

  count(): void {
    for (const e of this.ended) {
      const until = addMonths(e.end, REPEAT_WINDOW_MONTHS);
      const repeat = (this.startsOf.get(e.client) ?? []).some((s) => s > e.end && s <= until);
      for (const c of e.cells) {
        c.endedPastWindow += 1;
        if (!repeat) c.endedNoRepeat += 1;
      }
    }
  }
}

/** CBS measured outcome 3.2 over 6 months. */
export const REPEAT_WINDOW_MONTHS = 6;

/**
 * Collects the KPI counters of several quarters in one pass per collection (FerretDB
 * v1 reads by scanning whole collections and has no `$avg` or multi-accumulator
 * `$group`, so the counting is done here and the ratios by the KPI definitions). The
 * evaluation reports are read from the facts their allocations carry.
 */
export async function collectQuarters(
  quarters: string[],
  sources: KpiSources,
  asOf: string,
): Promise<Map<string, QuarterInputs>> {
  const counters = quarters.map((q) => new QuarterCounter(q));
  const intervalOf = new Map(
    (await sources.dangerousListAllContracts()).map((c) => [c._id, c.reporting?.evaluationIntervalMonths ?? 3]),
  );
  const repeats = new RepeatHelp(asOf);
  for await (const a of sources.dangerousStreamAllAllocations()) {
    repeats.see(a, counters);
    for (const q of counters) countAllocation(a, q, intervalOf.get(a.contractNumber) ?? 3);
  }
  repeats.count();
  // evaluations that were due in the quarter and never came: the open overdue flags
  for await (const f of sources.dangerousStreamOpenOverdueFlags()) {
    if (f.status === 'resolved') continue;
    for (const q of counters)
      if (q.has(f.basis)) for (const c of q.cellsOf(f.providerAgbCode, f.municipalityCode)) c.evaluationsDue += 1;
  }
  for await (const r of sources.dangerousStreamApprovedExtensions()) {
    if (r.status !== 'approved' || !r.decidedAt) continue;
    const decided = dateInAmsterdam(r.decidedAt);
    for (const q of counters) {
      if (!q.has(decided)) continue;
      for (const c of q.cellsOf(r.providerAgbCode, r.municipalityCode)) {
        c.extensionsGranted += 1;
        if (r.source === 'provider' && !r.withoutEvaluation) c.extensionsReviewed += 1;
      }
    }
  }
  const municipalitiesOf = new Map((await sources.dangerousListAllTeams()).map((t) => [t._id, t.municipalityCodes]));
  const byQuarter = new Map(counters.map((q) => [q.quarter, q]));
  for await (const rating of sources.dangerousStreamRatingsOf(quarters)) {
    const q = byQuarter.get(rating.quarter);
    if (!q) continue;
    const targets = [
      q.cellsOf(rating.providerAgbCode)[0]!,
      ...(municipalitiesOf.get(rating.teamCode) ?? []).map((m) => q.cellsOf(rating.providerAgbCode, m)[1]!),
    ];
    for (const c of targets) {
      c.experienceSum += rating.score;
      c.experienceRatings += 1;
    }
  }
  return new Map(counters.map((q) => [q.quarter, q.cells]));
}
