import type { FlagRule, ReviewActionFacts } from '../types';

/** An improvement action agreed in a review, still open after its due date. */
export const improvementActionOverdue: FlagRule<ReviewActionFacts> = {
  type: 'improvement_action_overdue',
  severity: 'warning',
  owners: ['contract_manager', 'provider'],
  notifyOnRaise: ['contract_manager'],
  title: 'Improvement action overdue',
  condition: 'an improvement action agreed in a review is not done by its due date',
  clears: 'the action was marked done',
  check({ review, action, today }) {
    if (action.status !== 'open' || today <= action.dueDate) return null;
    return {
      type: 'improvement_action_overdue',
      subject: { kind: 'review', id: `${review._id}#${action.n}` },
      basis: action.dueDate,
      scope: { providerAgbCode: review.providerAgbCode },
      evidence: { reviewDate: review.date, action: action.description, owner: action.owner, dueDate: action.dueDate },
    };
  },
};
