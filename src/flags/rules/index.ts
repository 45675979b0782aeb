import type {
  AllocationFacts,
  ContractFacts,
  FlagRule,
  KpiFacts,
  ReassessmentFlagFacts,
  RequestFacts,
  ReviewActionFacts,
  WaitingListFacts,
} from '../types';
import { waitingListMisreported } from './waiting-list-misreported';
import { reassessmentBehind } from './reassessment-behind';
import { reassessmentOverdue } from './reassessment-overdue';
import { improvementActionOverdue } from './improvement-action-overdue';
import { kpiBelowTarget } from './kpi-below-target';
import { careNotStarted } from './care-not-started';
import { careOutsideAllocation } from './care-outside-allocation';
import { closedPlacementTooLong } from './closed-placement-too-long';
import { evaluationOverdue } from './evaluation-overdue';
import { expiringUnreviewed } from './expiring-unreviewed';
import { extensionDecisionOverdue } from './extension-decision-overdue';
import { extensionWithoutEvaluation } from './extension-without-evaluation';
import { noCaseDirection } from './no-case-direction';
import { quarterlyReportMissing } from './quarterly-report-missing';
import { residenceUnknown } from './residence-unknown';
import { safetyConcern } from './safety-concern';

/** Rules about one allocation. */
export const ALLOCATION_RULES: FlagRule<AllocationFacts>[] = [
  evaluationOverdue,
  safetyConcern,
  residenceUnknown,
  noCaseDirection,
  careNotStarted,
  careOutsideAllocation,
  expiringUnreviewed,
  closedPlacementTooLong,
];
/** Rules about one extension request. */
export const REQUEST_RULES: FlagRule<RequestFacts>[] = [extensionWithoutEvaluation, extensionDecisionOverdue];
/** Rules about one contract. */
export const CONTRACT_RULES: FlagRule<ContractFacts>[] = [quarterlyReportMissing];
/** Rules about one provider's KPI. */
export const KPI_RULES: FlagRule<KpiFacts>[] = [kpiBelowTarget];
/** Rules about one agreed improvement action. */
export const REVIEW_RULES: FlagRule<ReviewActionFacts>[] = [improvementActionOverdue];
/** Rules about one reassessment campaign. */
export const REASSESSMENT_RULES: FlagRule<ReassessmentFlagFacts>[] = [reassessmentBehind, reassessmentOverdue];
/** Rules about one provider's waiting list. */
export const WAITING_RULES: FlagRule<WaitingListFacts>[] = [waitingListMisreported];
