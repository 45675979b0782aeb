import type { AllocationFacts, FlagRule } from '../types';
import { fromLatestEvaluation } from './from-latest-evaluation';

/** The latest evaluation reports safety concerns or a report to Veilig Thuis: the team is told at once. */
export const safetyConcern: FlagRule<AllocationFacts> = {
  type: 'safety_concern',
  severity: 'critical',
  owners: ['consultant'],
  notifyOnRaise: ['team'],
  title: 'Safety concern',
  condition: 'an evaluation reports safety concerns or a report to Veilig Thuis',
  clears: 'a later evaluation reports no safety concerns',
  check: fromLatestEvaluation('safety_concern', (s) => Boolean(s.latestSafetyConcern)),
};
