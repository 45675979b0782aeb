import type { ExtensionRequestDoc } from '../records';

/** An extension request as the API shows it. */
export function presentExtensionRequest(doc: ExtensionRequestDoc) {
  return {
    id: doc._id,
    allocationNumber: doc.allocationNumber,
    providerAgbCode: doc.providerAgbCode,
    teamCode: doc.teamCode,
    source: doc.source,
    requestedEndDate: doc.requestedEndDate,
    requestedVolume: doc.requestedVolume ?? null,
    previousEndDate: doc.previousEndDate,
    reasoning: doc.reasoning,
    evaluationId: doc.evaluationId ?? null,
    evaluationMeetingDate: doc.evaluationMeetingDate ?? null,
    withoutEvaluation: doc.withoutEvaluation,
    withoutEvaluationReason: doc.withoutEvaluationReason ?? null,
    status: doc.status,
    submittedAt: doc.submittedAt.toISOString(),
    decisionDeadline: doc.decisionDeadline,
    finalDeadline: doc.finalDeadline ?? null,
    decision: doc.decision
      ? {
          decision: doc.decision.decision,
          rejectionCode: doc.decision.rejectionCode ?? null,
          note: doc.decision.note ?? null,
          decidedAt: doc.decision.decidedAt.toISOString(),
          decidedByName: doc.decision.decidedByName ?? null,
          proposedByName: doc.decision.proposedByName ?? null,
        }
      : null,
    proposal: doc.proposal
      ? {
          decision: doc.proposal.decision,
          rejectionCode: doc.proposal.rejectionCode ?? null,
          note: doc.proposal.note ?? null,
          proposedAt: doc.proposal.proposedAt.toISOString(),
          proposedByName: doc.proposal.proposedByName,
          supervisor: doc.proposal.supervisor,
        }
      : null,
    decisionReference: doc.decisionReference ?? null,
    events: doc.events.map((e) => ({ at: e.at.toISOString(), role: e.role, action: e.action, note: e.note ?? null })),
  };
}
