import type { FlagRule, RequestFacts } from '../types';

const scopeOf = (r: RequestFacts['request']) => ({
  providerAgbCode: r.providerAgbCode,
  teamCode: r.teamCode,
  municipalityCode: r.municipalityCode,
  contractNumber: r.contractNumber,
});

/**
 * A submitted request not decided by its deadline (5 working days by default), or a
 * request still waiting for information when the iJw answer term (8 weeks from the
 * request) has passed: then the municipality is late, not the provider.
 */
export const extensionDecisionOverdue: FlagRule<RequestFacts> = {
  type: 'extension_decision_overdue',
  severity: 'warning',
  owners: ['consultant'],
  notifyOnRaise: ['team'],
  title: 'Extension decision overdue',
  condition:
    'an extension request is not decided by its deadline, or still waits for information after the 8-week answer term',
  clears: 'the request was decided, sent back for information within the answer term, or withdrawn',
  check({ request, today }) {
    const late =
      (request.status === 'submitted' && today > request.decisionDeadline) ||
      (request.status === 'info_requested' && request.finalDeadline !== undefined && today > request.finalDeadline);
    if (!late) return null;
    const deadline = request.status === 'submitted' ? request.decisionDeadline : request.finalDeadline!;
    return {
      type: 'extension_decision_overdue',
      subject: { kind: 'extension_request', id: request._id },
      basis: deadline,
      scope: scopeOf(request),
      evidence: {
        allocationNumber: request.allocationNumber,
        decisionDeadline: request.decisionDeadline,
        finalDeadline: request.finalDeadline ?? null,
        status: request.status,
      },
    };
  },
};
