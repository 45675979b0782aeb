/** The KPI ids of the public contract. */
export const KPI_IDS = [
  'dropout_rate',
  'client_satisfaction',
  'goal_attainment',
  'evaluation_timeliness',
  'evaluation_coverage',
  'participation_rate',
  'extensions_reviewed',
  'median_days_to_care_start',
  'residence_known_rate',
  'case_direction_rate',
  'consultant_experience',
  'no_further_help_rate',
  'no_repeat_help_rate',
] as const;

/** One of the KPI ids. */
export type KpiId = (typeof KPI_IDS)[number];

/**
 * The counters one pass over a quarter's records collects, per provider (and per
 * provider and municipality). Every KPI is a formula over these.
 */
export interface KpiInputs {
  /** Allocations that ended in the quarter, and those ended early, one-sidedly by the client (iJw end reason 32). */
  ended: number;
  droppedOut: number;
  /** Of the allocations ended in the quarter: those with a closing evaluation, and those whose closing evaluation reports all or most goals achieved. */
  endedWithClosingEvaluation: number;
  endedGoalsAttained: number;
  /** Satisfaction scores (1-10) in those closing evaluations. */
  youthScoreSum: number;
  youthScores: number;
  parentScoreSum: number;
  parentScores: number;
  /** Evaluations due in the quarter (received, or still missing), and those received by the due date plus the grace days. */
  evaluationsDue: number;
  evaluationsOnTime: number;
  /** Allocations that ran through the last evaluation interval of the quarter, and those evaluated for it. */
  coverageEligible: number;
  coverageCovered: number;
  /** Evaluations whose meeting was in the quarter, and of those: youth and parents both took part, residence known, case direction held. */
  evaluationsHeld: number;
  bothParticipated: number;
  residenceKnown: number;
  caseDirectionHeld: number;
  /** Extensions granted in the quarter, and those decided on a recent evaluation (bulk extensions never are). */
  extensionsGranted: number;
  extensionsReviewed: number;
  /** Days from allocation start to care start, for allocations whose care started in the quarter. */
  daysToCareStart: number[];
  /** Of the allocations ended in the quarter: closing evaluations reporting a continuation (BiJ 3.1), and those reporting 04 (no further help needed). */
  endedWithContinuation: number;
  endedNoFurtherHelp: number;
  /** Allocations ended in the quarter whose 6 months after the end have passed, and those whose client got no new allocation in them (BiJ 3.2). */
  endedPastWindow: number;
  endedNoRepeat: number;
  /** Consultants' ratings of the provider (1-10) for the quarter. */
  experienceSum: number;
  experienceRatings: number;
}

/** Empty counters. */
export function emptyInputs(): KpiInputs {
  return {
    ended: 0,
    droppedOut: 0,
    endedWithClosingEvaluation: 0,
    endedGoalsAttained: 0,
    youthScoreSum: 0,
    youthScores: 0,
    parentScoreSum: 0,
    parentScores: 0,
    evaluationsDue: 0,
    evaluationsOnTime: 0,
    coverageEligible: 0,
    coverageCovered: 0,
    evaluationsHeld: 0,
    bothParticipated: 0,
    residenceKnown: 0,
    caseDirectionHeld: 0,
    extensionsGranted: 0,
    extensionsReviewed: 0,
    daysToCareStart: [],
    endedWithContinuation: 0,
    endedNoFurtherHelp: 0,
    endedPastWindow: 0,
    endedNoRepeat: 0,
    experienceSum: 0,
    experienceRatings: 0,
  };
}

/** A KPI's result from its counters; `denominator` 0 means no data. */
export interface KpiValue {
  value: number | null;
  numerator: number | null;
  denominator: number;
  breakdown?: Record<string, { value: number | null; count: number }>;
}

/** One KPI: what it is, how it is read, how it is computed. */
export interface KpiDefinition {
  id: KpiId;
  name: { nl: string; en: string };
  /** The exact definition, in one sentence (also in docs/kpis.md). */
  definition: string;
  numerator: string;
  denominator: string;
  direction: 'higher_is_better' | 'lower_is_better';
  unit: 'ratio' | 'score' | 'days';
  compute(inputs: KpiInputs): KpiValue;
}

/** numerator / denominator, or no data. */
export function ratio(numerator: number, denominator: number): KpiValue {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}
