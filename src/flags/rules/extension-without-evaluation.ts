import type { FlagRule, RequestFacts } from '../types';

const scopeOf = (r: RequestFacts['request']) => ({
  providerAgbCode: r.providerAgbCode,
  teamCode: r.teamCode,
  municipalityCode: r.municipalityCode,
  contractNumber: r.contractNumber,
});

/** An extension requested, or granted, without a recent evaluation (bulk extensions included). */
export const extensionWithoutEvaluation: FlagRule<RequestFacts> = {
  type: 'extension_without_evaluation',
  severity: 'warning',
  owners: ['consultant', 'contract_manager'],
  notifyOnRaise: [],
  title: 'Extension without evaluation',
  condition: 'an extension is requested, or granted, without a recent evaluation',
  clears: 'the request now rests on a recent evaluation, or was rejected or withdrawn',
  check({ request }) {
    if (!request.withoutEvaluation || request.status === 'rejected' || request.status === 'withdrawn') return null;
    return {
      type: 'extension_without_evaluation',
      subject: { kind: 'extension_request', id: request._id },
      basis: request.source,
      scope: scopeOf(request),
      evidence: {
        allocationNumber: request.allocationNumber,
        reason: request.withoutEvaluationReason ?? 'none',
        evaluationId: request.evaluationId ?? null,
        status: request.status,
        decisionReference: request.decisionReference ?? null,
      },
    };
  },
};
