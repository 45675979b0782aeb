import type { EvaluationDoc, ExtensionRequestDoc, QuarterlyReportDoc } from '../records';

/** An evaluation report as the API shows it. */
export function presentEvaluation(doc: EvaluationDoc) {
  return {
    id: doc._id,
    allocationNumber: doc.allocationNumber,
    periodStart: doc.periodStart,
    periodEnd: doc.periodEnd,
    meetingDate: doc.meetingDate,
    formVersion: doc.formVersion,
    participants: doc.participants,
    goals: doc.goals,
    safety: doc.safety,
    residence: doc.residence,
    caseDirection: doc.caseDirection,
    satisfaction: doc.satisfaction,
    outcome: doc.outcome ?? null,
    advice: doc.advice,
    author: doc.author,
    isClosing: doc.isClosing,
    revision: doc.revision,
    supersedes: doc.supersedes ?? null,
    supersededBy: doc.supersededBy ?? null,
    status: doc.status,
    dueDate: doc.dueDate,
    onTime: doc.onTime,
    providerAgbCode: doc.providerAgbCode,
    teamCode: doc.teamCode,
    submittedAt: doc.submittedAt.toISOString(),
  };
}

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

/** A quarterly report as the API shows it. */
export function presentQuarterlyReport(doc: QuarterlyReportDoc) {
  return {
    id: doc._id,
    contractNumber: doc.contractNumber,
    providerAgbCode: doc.providerAgbCode,
    quarter: doc.quarter,
    waitingList: doc.waitingList,
    capacity: doc.capacity,
    staff: doc.staff,
    complaints: doc.complaints,
    incidents: doc.incidents,
    bottlenecks: doc.bottlenecks ?? null,
    revision: doc.revision,
    supersedes: doc.supersedes ?? null,
    supersededBy: doc.supersededBy ?? null,
    status: doc.status,
    dueDate: doc.dueDate,
    onTime: doc.onTime,
    submittedAt: doc.submittedAt.toISOString(),
  };
}
