import { addMonths } from '../../domain/dates';
import { allocationScope, type AllocationFacts, type FlagRule } from '../types';

/** The breakthrough norm: help within 3 months of the allocation's start. */
export const careNotStarted: FlagRule<AllocationFacts> = {
  type: 'care_not_started',
  severity: 'warning',
  owners: ['consultant', 'contract_manager'],
  notifyOnRaise: [],
  title: 'Care not started',
  condition: 'the allocation started more than 3 months ago and care has not started',
  clears: 'care started (or the allocation ended)',
  check({ allocation, today }) {
    if (allocation.status !== 'active' || allocation.careStartDate) return null;
    const norm = addMonths(allocation.startDate, 3);
    if (today <= norm) return null;
    return {
      type: 'care_not_started',
      subject: { kind: 'allocation', id: allocation._id },
      basis: allocation.startDate,
      scope: allocationScope(allocation),
      evidence: { startDate: allocation.startDate, normDate: norm },
    };
  },
};
