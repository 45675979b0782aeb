import type { ReportingRules } from '../records';
import {
  ALLOCATION_RULES,
  CONTRACT_RULES,
  KPI_RULES,
  REASSESSMENT_RULES,
  REQUEST_RULES,
  REVIEW_RULES,
  WAITING_RULES,
} from './rules';
import type {
  AllocationFacts,
  ContractFacts,
  DesiredFlag,
  FlagRule,
  KpiFacts,
  ReassessmentFlagFacts,
  RequestFacts,
  ReviewActionFacts,
  WaitingListFacts,
} from './types';

/** Every rule, by flag type. */
export const RULES_BY_TYPE = new Map<string, FlagRule<never>>(
  [
    ...ALLOCATION_RULES,
    ...REQUEST_RULES,
    ...CONTRACT_RULES,
    ...KPI_RULES,
    ...REVIEW_RULES,
    ...REASSESSMENT_RULES,
    ...WAITING_RULES,
  ].map((r) => [r.type, r as FlagRule<never>]),
);

/** Flag types the allocation, request and contract passes own. */
export const ALLOCATION_TYPES = ALLOCATION_RULES.map((r) => r.type);
export const REQUEST_TYPES = REQUEST_RULES.map((r) => r.type);
export const CONTRACT_TYPES = CONTRACT_RULES.map((r) => r.type);
export const KPI_TYPES = KPI_RULES.map((r) => r.type);
export const REVIEW_TYPES = REVIEW_RULES.map((r) => r.type);
export const REASSESSMENT_TYPES = REASSESSMENT_RULES.map((r) => r.type);
export const WAITING_TYPES = WAITING_RULES.map((r) => r.type);

function collect<F>(rules: FlagRule<F>[], facts: F): DesiredFlag[] {
  return rules.map((r) => r.check(facts)).filter((d): d is DesiredFlag => d !== null);
}

/** The flags that should be open for an allocation on `today`. */
export function allocationFlags(
  allocation: AllocationFacts['allocation'],
  rules: ReportingRules,
  latestRequest: AllocationFacts['latestRequest'],
  today: string,
): DesiredFlag[] {
  return collect(ALLOCATION_RULES, { allocation, rules, latestRequest, today });
}

/** The flags that should be open for an extension request on `today`. */
export function requestFlags(request: RequestFacts['request'], today: string): DesiredFlag[] {
  return collect(REQUEST_RULES, { request, today });
}

/** The flags that should be open for a contract on `today`. */
export function contractFlags(
  contract: ContractFacts['contract'],
  reportedQuarters: Set<string>,
  today: string,
): DesiredFlag[] {
  return collect(CONTRACT_RULES, { contract, reportedQuarters, today });
}

/** The flags one provider's KPI series should have. */
export function kpiFlags(facts: KpiFacts): DesiredFlag[] {
  return collect(KPI_RULES, facts);
}

/** The flags an improvement action should have on `today`. */
export function reviewActionFlags(facts: ReviewActionFacts): DesiredFlag[] {
  return collect(REVIEW_RULES, facts);
}

/** The flags a reassessment campaign should have on `today`. */
export function reassessmentFlags(facts: ReassessmentFlagFacts): DesiredFlag[] {
  return collect(REASSESSMENT_RULES, facts);
}

/** The flags a provider's waiting list should have. */
export function waitingListFlags(facts: WaitingListFacts): DesiredFlag[] {
  return collect(WAITING_RULES, facts);
}
