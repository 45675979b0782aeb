/** What a campaign item keeps of its allocation, read off the allocation as stored. */
import { dateInAmsterdam } from '../../domain/dates';
import type { AllocationChange, AllocationDoc, ReassessmentDoc, ReassessmentFacts } from '../../records';

/** Changes that are a decision on the case: not its registration, a bulk extension, an import's sync, a handover, or only a care start. */
const DECISION_SOURCES = new Set(['api', 'cli', 'ijw', 'extension-decision']);
const NOT_A_DECISION = new Set(['careStartDate', 'shielded']);

/** True for a history entry since `startDate` that is a decision on the case (it may count as the reassessment's decision). */
export function isDecision(entry: AllocationChange, startDate: string): boolean {
  const fields = Object.keys(entry.changes);
  return (
    dateInAmsterdam(entry.at) >= startDate &&
    DECISION_SOURCES.has(entry.source) &&
    !fields.includes('created') &&
    fields.some((f) => !NOT_A_DECISION.has(f))
  );
}

/** A case's facts as its campaign reads them on the allocation as it is now. */
export function factsOf(
  allocation: AllocationDoc,
  campaign: Pick<ReassessmentDoc, '_id' | 'startDate'>,
): ReassessmentFacts {
  const facts: ReassessmentFacts = {
    providerAgbCode: allocation.providerAgbCode,
    clientRef: allocation.client.ref,
    endDate: allocation.endDate,
    allocationStatus: allocation.status,
    careStarted: Boolean(allocation.careStartDate),
    safetyConcern: allocation.evaluations?.latestSafetyConcern === true,
    ...(allocation.shielded ? { shielded: true } : {}),
  };
  const ev = allocation.evaluations;
  if (ev?.latestId && ev.latestMeetingDate && ev.latestMeetingDate >= campaign.startDate)
    facts.evaluation = { id: ev.latestId, meetingDate: ev.latestMeetingDate };
  for (const entry of allocation.history) {
    const date = dateInAmsterdam(entry.at);
    if (date < campaign.startDate) continue;
    const fields = Object.keys(entry.changes);
    if (isDecision(entry, campaign.startDate))
      facts.change = { at: entry.at.toISOString(), date, source: entry.source, fields };
    if (entry.source === 'bulk-extension' && entry.note?.includes(campaign._id))
      facts.bulkExtension = {
        decisionReference: /besluit (.*?): /.exec(entry.note)?.[1] ?? '',
        newEndDate: (entry.changes.endDate?.to as string | undefined) ?? allocation.endDate,
        at: entry.at,
      };
  }
  return facts;
}
