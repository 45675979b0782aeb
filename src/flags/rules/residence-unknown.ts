import type { AllocationFacts, FlagRule } from '../types';
import { fromLatestEvaluation } from './from-latest-evaluation';

/** The latest evaluation does not know where the youth lives. */
export const residenceUnknown: FlagRule<AllocationFacts> = {
  type: 'residence_unknown',
  severity: 'critical',
  owners: ['consultant'],
  notifyOnRaise: ['team'],
  title: 'Residence unknown',
  condition: 'the latest evaluation says where the youth lives is unknown',
  clears: 'a later evaluation knows where the youth lives',
  check: fromLatestEvaluation('residence_unknown', (s) => s.latestResidence === 'unknown'),
};
