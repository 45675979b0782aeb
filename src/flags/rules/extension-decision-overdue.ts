import type { FlagRule, RequestFacts } from '../types';

const scopeOf = (r: RequestFacts['request']) => ({
  providerAgbCode: r.providerAgbCode,
  teamCode: r.teamCode,
  municipalityCode: r.municipalityCode,
  contractNumber: r.contractNumber,
});

/** A submitted request not decided by its deadline. */
export const extensionDecisionOverdue: FlagRule<RequestFacts> = {
  type: 'extension_decision_overdue',
  severity: 'warning',
  owners: ['consultant'],
  notifyOnRaise: ['team'],
  title: 'Extension decision overdue',
  condition: 'an extension request is not decided by its deadline',
  clears: 'the request was decided, sent back for information or withdrawn',
  check({ request, today }) {
    if (request.status !== 'submitted' || today <= request.decisionDeadline) return null;
    return {
      type: 'extension_decision_overdue',
      subject: { kind: 'extension_request', id: request._id },
      basis: request.decisionDeadline,
      scope: scopeOf(request),
      evidence: { allocationNumber: request.allocationNumber, decisionDeadline: request.decisionDeadline },
    };
  },
};
