import type {
  AllocationDoc,
  ContractDoc,
  ExtensionRequestDoc,
  ReassessmentDoc,
  ReportingRules,
  Role,
} from '../records';

/** The flag types of the public contract. */
export const FLAG_TYPES = [
  'evaluation_overdue',
  'safety_concern',
  'residence_unknown',
  'no_case_direction',
  'care_not_started',
  'extension_without_evaluation',
  'extension_decision_overdue',
  'expiring_unreviewed',
  'closed_placement_too_long',
  'kpi_below_target',
  'quarterly_report_missing',
  'improvement_action_overdue',
  'reassessment_behind',
  'reassessment_overdue',
  'care_outside_allocation',
  'waiting_list_misreported',
] as const;

/** One of the flag types. */
export type FlagType = (typeof FLAG_TYPES)[number];

/** How urgent a flag is. */
export type Severity = 'info' | 'warning' | 'critical';

/** What a flag is about. */
export interface FlagSubject {
  kind: 'allocation' | 'extension_request' | 'contract' | 'provider' | 'review' | 'reassessment';
  id: string;
}

/** Who may see a flag, by organisation (copied from its subject). */
export interface FlagScope {
  providerAgbCode: string;
  teamCode?: string;
  municipalityCode?: string;
  contractNumber?: string;
  /** The allocation is shielded (iJw OP003): no notice names it. */
  shielded?: boolean;
}

/**
 * A flag a rule wants open. `basis` names the occurrence (a due date, an evaluation
 * id, a quarter): together with type and subject it is the flag's id, so each
 * occurrence is raised once, and one a human resolved is not raised again.
 */
export interface DesiredFlag {
  type: FlagType;
  subject: FlagSubject;
  basis: string;
  scope: FlagScope;
  evidence: Record<string, string | number | boolean | null>;
}

/** The id of a flag: type, subject and occurrence. */
export function flagId(f: Pick<DesiredFlag, 'type' | 'subject' | 'basis'>): string {
  return `${f.type}:${f.subject.id}:${f.basis}`;
}

/** The allocation a flag is about: its subject, or the allocation its evidence names (an extension request's). */
export function flagAllocationNumber(f: Pick<DesiredFlag, 'subject' | 'evidence'>): string | undefined {
  if (f.subject.kind === 'allocation') return f.subject.id;
  const n = f.evidence.allocationNumber;
  return typeof n === 'string' ? n : undefined;
}

/** What allocation rules know on a given day. */
export interface AllocationFacts {
  allocation: Pick<
    AllocationDoc,
    | '_id'
    | 'startDate'
    | 'endDate'
    | 'status'
    | 'careStartDate'
    | 'careStops'
    | 'product'
    | 'shielded'
    | 'evaluations'
    | 'providerAgbCode'
    | 'teamCode'
    | 'municipalityCode'
    | 'contractNumber'
  >;
  rules: ReportingRules;
  /** The allocation's latest extension request, if any. */
  latestRequest: Pick<ExtensionRequestDoc, '_id' | 'status' | 'previousEndDate'> | null;
  today: string;
}

/** What extension-request rules know on a given day. */
export interface RequestFacts {
  request: Pick<
    ExtensionRequestDoc,
    | '_id'
    | 'allocationNumber'
    | 'status'
    | 'withoutEvaluation'
    | 'withoutEvaluationReason'
    | 'decisionDeadline'
    | 'finalDeadline'
    | 'source'
    | 'providerAgbCode'
    | 'teamCode'
    | 'municipalityCode'
    | 'contractNumber'
    | 'evaluationId'
    | 'decisionReference'
  >;
  today: string;
}

/** What contract rules know on a given day. */
export interface ContractFacts {
  contract: Pick<
    ContractDoc,
    '_id' | 'providerAgbCode' | 'startDate' | 'endDate' | 'extensionOptionEndDate' | 'reporting'
  >;
  /** Quarters (like 2026-Q2) the contract has a report for. */
  reportedQuarters: Set<string>;
  today: string;
}

/** What the KPI rule knows: one provider's results for one KPI over the snapshotted quarters, oldest first. */
export interface KpiFacts {
  providerAgbCode: string;
  kpi: string;
  series: { quarter: string; value: number | null; target: number; rating: string; smallSample: boolean }[];
}

/** What the review rule knows: one agreed improvement action. */
export interface ReviewActionFacts {
  review: { _id: string; providerAgbCode: string; date: string };
  action: { n: number; description: string; dueDate: string; status: 'open' | 'done'; owner: string };
  today: string;
}

/** What the reassessment rules know: one campaign and its progress on `today`. */
export interface ReassessmentFlagFacts {
  campaign: Pick<ReassessmentDoc, '_id' | 'name' | 'teamCode' | 'deadline' | 'behindSince'>;
  /** The campaign's progress (src/services/reassessments/forecast.ts computes it). */
  progress: {
    behind: boolean;
    forecastEndDate: string | null;
    pacePerWeek: number;
    requiredPacePerWeek: number | null;
    open: number;
    atRisk: string[];
  };
  today: string;
}

/** What the waiting-list rule knows: a provider's reported and measured waiting list in its last two reported quarters. */
export interface WaitingListFacts {
  providerAgbCode: string;
  quarters: { quarter: string; reported: number; measured: number }[];
  /** A difference counts above `share` of the measured count, and above `atLeast` youths. */
  margin: { share: number; atLeast: number };
}

/** A flag rule: type, severity, who it goes to, and when it holds. */
export interface FlagRule<F> {
  type: FlagType;
  severity: Severity;
  /** The roles it goes to (they may acknowledge and resolve it). */
  owners: Role[];
  /** Who is told at once when it is raised (by e-mail or webhook). */
  notifyOnRaise: ('provider' | 'team' | 'contract_manager')[];
  title: string;
  /** The condition, in one sentence (shown in docs/integrators.md and the API). */
  condition: string;
  /** Why it resolved itself when the condition no longer holds. */
  clears: string;
  /** The flag this rule wants open for these facts, or null. */
  check(facts: F): DesiredFlag | null;
}

/** The scope of an allocation-level flag. */
export function allocationScope(a: AllocationFacts['allocation']): FlagScope {
  return {
    providerAgbCode: a.providerAgbCode,
    teamCode: a.teamCode,
    municipalityCode: a.municipalityCode,
    contractNumber: a.contractNumber,
    ...(a.shielded ? { shielded: true } : {}),
  };
}
