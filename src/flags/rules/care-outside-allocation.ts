import { careOutside } from '../../domain/care';
import { allocationScope, type AllocationFacts, type FlagRule } from '../types';

/** Care the provider reported (JW305, JW307) before the allocation's start or after its end (iJw: a fact to signal, not to refuse). */
export const careOutsideAllocation: FlagRule<AllocationFacts> = {
  type: 'care_outside_allocation',
  severity: 'warning',
  owners: ['consultant', 'contract_manager'],
  notifyOnRaise: [],
  title: 'Care outside the allocation',
  condition: "the provider reported care starting before the allocation's start or stopping after its end",
  clears: 'the start or stop outside the period is withdrawn (StatusAanlevering 3)',
  check({ allocation }) {
    const { before, after, stopDate } = careOutside(allocation);
    if (before === 0 && after === 0) return null;
    return {
      type: 'care_outside_allocation',
      subject: { kind: 'allocation', id: allocation._id },
      basis: `${allocation.careStartDate ?? ''}..${stopDate ?? ''}`,
      scope: allocationScope(allocation),
      evidence: {
        startDate: allocation.startDate,
        endDate: allocation.endDate,
        careStartDate: allocation.careStartDate ?? null,
        careStopDate: stopDate,
        daysBeforeStart: before,
        daysAfterEnd: after,
      },
    };
  },
};
