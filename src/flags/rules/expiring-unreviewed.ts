import { addDays } from '../../domain/dates';
import { allocationScope, type AllocationFacts, type FlagRule } from '../types';

/** Ending within 6 weeks with neither an extension request for this end date nor a closing evaluation. */
export const expiringUnreviewed: FlagRule<AllocationFacts> = {
  type: 'expiring_unreviewed',
  severity: 'warning',
  owners: ['consultant', 'provider'],
  notifyOnRaise: ['provider'],
  title: 'Ending without review',
  condition: 'the allocation ends within 6 weeks and has neither an extension request nor a closing evaluation',
  clears: 'an extension request or a closing evaluation arrived (or the end date moved)',
  check({ allocation, latestRequest, today }) {
    if (allocation.status !== 'active' || allocation.endDate < today || allocation.endDate > addDays(today, 42))
      return null;
    if (allocation.evaluations?.latestIsClosing) return null;
    if (latestRequest && latestRequest.status !== 'withdrawn' && latestRequest.previousEndDate === allocation.endDate)
      return null;
    return {
      type: 'expiring_unreviewed',
      subject: { kind: 'allocation', id: allocation._id },
      basis: allocation.endDate,
      scope: allocationScope(allocation),
      evidence: { endDate: allocation.endDate },
    };
  },
};
