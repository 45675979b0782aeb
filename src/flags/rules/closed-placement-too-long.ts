import { addMonths } from '../../domain/dates';
import { allocationScope, type AllocationFacts, type FlagRule } from '../types';

/** A youth in a secure (closed) setting for more than 6 months, by the latest evaluation. */
export const closedPlacementTooLong: FlagRule<AllocationFacts> = {
  type: 'closed_placement_too_long',
  severity: 'critical',
  owners: ['consultant', 'contract_manager'],
  notifyOnRaise: ['team'],
  title: 'Closed placement over 6 months',
  condition: 'the latest evaluation places the youth in a secure (closed) setting for more than 6 months',
  clears: 'a later evaluation places the youth elsewhere',
  check({ allocation, today }) {
    const s = allocation.evaluations;
    if (allocation.status !== 'active' || s?.latestResidence !== 'secure') return null;
    const since = s.latestResidenceSince ?? allocation.startDate;
    if (today <= addMonths(since, 6)) return null;
    return {
      type: 'closed_placement_too_long',
      subject: { kind: 'allocation', id: allocation._id },
      basis: since,
      scope: allocationScope(allocation),
      evidence: { securePlacementSince: since, sixMonthsOn: addMonths(since, 6), evaluationId: s.latestId ?? null },
    };
  },
};
