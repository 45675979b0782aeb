import { presentRevision } from './revisions';
import type { EvaluationDoc } from '../records';

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
    ...presentRevision(doc),
    providerAgbCode: doc.providerAgbCode,
    teamCode: doc.teamCode,
    submittedAt: doc.submittedAt.toISOString(),
  };
}
