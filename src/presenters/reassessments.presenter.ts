import type { ReassessmentDoc, ReassessmentItemDoc } from '../records';
import type { Progress } from '../services/reassessments/forecast';

/** A campaign with its progress, as GET /v1/reassessments/{id} answers: counts and forecast, no case named. */
export function presentReassessment(campaign: ReassessmentDoc, progress: Progress) {
  return {
    id: campaign._id,
    name: campaign.name,
    teamCode: campaign.teamCode,
    receivingTeamCode: campaign.receivingTeamCode ?? null,
    startDate: campaign.startDate,
    deadline: campaign.deadline,
    capacityPerWeek: campaign.capacityPerWeek,
    scope: campaign.scope,
    status: campaign.status,
    completedOn: campaign.completedOn ?? null,
    asOf: progress.asOf,
    total: progress.total,
    counts: progress.counts,
    done: progress.done,
    open: progress.open,
    burnDown: progress.burnDown,
    pacePerWeek: progress.pacePerWeek,
    paceBasis: progress.paceBasis,
    forecastEndDate: progress.forecastEndDate,
    forecastEndDateAtCapacity: progress.forecastEndDateAtCapacity,
    requiredPacePerWeek: progress.requiredPacePerWeek,
    behind: progress.behind,
    atRisk: progress.atRisk.length,
    handover: progress.handover,
    bulkExtended: progress.bulkExtended,
    createdAt: campaign.createdAt.toISOString(),
    createdBy: campaign.createdBy,
    links: {
      items: `/v1/reassessments/${campaign._id}/items`,
      atRisk: `/v1/reassessments/${campaign._id}/items?atRisk=true`,
    },
  };
}

/** One case of a campaign: its steps, whether it is at risk, and what the hub's own records offer as a step. */
export function presentReassessmentItem(item: ReassessmentItemDoc, atRisk: boolean) {
  const f = item.facts;
  return {
    allocationNumber: item.allocationNumber,
    step: item.step,
    steps: item.steps.map((s) => ({ ...s, at: s.at.toISOString() })),
    atRisk,
    decision: item.decision ?? null,
    providerAgbCode: f.providerAgbCode,
    endDate: f.endDate,
    allocationStatus: f.allocationStatus,
    careStarted: f.careStarted,
    safetyConcern: f.safetyConcern,
    shielded: f.shielded === true,
    fromRecords: {
      ...(f.evaluation && (item.step === null || item.step === 'planned')
        ? { talked: { kind: 'evaluation', id: f.evaluation.id, date: f.evaluation.meetingDate } }
        : {}),
      ...(f.change && item.step !== 'decided' && item.step !== 'handedOver'
        ? { decided: { kind: 'allocation_change', id: f.change.at, date: f.change.date, fields: f.change.fields } }
        : {}),
    },
    bulkExtension: f.bulkExtension ? { ...f.bulkExtension, at: f.bulkExtension.at.toISOString() } : null,
    handover: item.steps.some((s) => s.step === 'handedOver')
      ? { toTeamCode: item.steps.find((s) => s.step === 'handedOver')!.toTeamCode, complete: !item.pendingHandover }
      : null,
    updatedAt: item.updatedAt.toISOString(),
  };
}
