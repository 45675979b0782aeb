import type { AllocationFacts, FlagRule } from '../types';
import { fromLatestEvaluation } from './from-latest-evaluation';

/** The latest evaluation names nobody holding case direction (casusregie). */
export const noCaseDirection: FlagRule<AllocationFacts> = {
  type: 'no_case_direction',
  severity: 'warning',
  owners: ['consultant'],
  notifyOnRaise: [],
  title: 'No case direction',
  condition: 'the latest evaluation names nobody holding case direction (casusregie)',
  clears: 'a later evaluation names who holds case direction',
  check: fromLatestEvaluation('no_case_direction', (s) => s.latestCaseDirection === 'none'),
};
