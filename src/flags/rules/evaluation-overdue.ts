import { addDays } from '../../domain/dates';
import { nextEvaluation } from '../../domain/obligations';
import { allocationScope, type AllocationFacts, type FlagRule } from '../types';

/** An active allocation whose next evaluation is past its due date plus the grace days. */
export const evaluationOverdue: FlagRule<AllocationFacts> = {
  type: 'evaluation_overdue',
  severity: 'warning',
  owners: ['provider', 'contract_manager'],
  notifyOnRaise: [],
  title: 'Evaluation overdue',
  condition: 'an allocation has no evaluation covering a period that ended more than the grace period ago',
  clears: 'the evaluation arrived (or the allocation no longer owes it)',
  check({ allocation, rules, today }) {
    const next = nextEvaluation(allocation, rules);
    if (!next || today <= addDays(next.dueDate, rules.graceDays)) return null;
    if (allocation.status === 'ended' && next.kind !== 'closing_evaluation') return null;
    return {
      type: 'evaluation_overdue',
      subject: { kind: 'allocation', id: allocation._id },
      basis: next.dueDate,
      scope: allocationScope(allocation),
      evidence: {
        kind: next.kind,
        periodStart: next.periodStart,
        dueDate: next.dueDate,
        overdueAfter: addDays(next.dueDate, rules.graceDays),
        graceDays: rules.graceDays,
      },
    };
  },
};
