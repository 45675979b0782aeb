/**
 * The caseload row of an allocation (src/records/caseload.ts): what a team's caseload,
 * its summary and the call list read of it, computed from the allocation, its
 * contract's reporting rules and its latest extension request.
 */
import type { AllocationSummary, CaseloadRowDoc, ExtensionRequestDoc, ReportingRules } from '../records';
import { nextEvaluation } from './obligations';

/** What a row reads of an allocation. */
export type RowSource = Pick<
  AllocationSummary,
  | '_id'
  | 'teamCode'
  | 'providerAgbCode'
  | 'municipalityCode'
  | 'contractNumber'
  | 'product'
  | 'referrerType'
  | 'startDate'
  | 'endDate'
  | 'careStartDate'
  | 'bridgingFor'
  | 'evaluations'
  | 'status'
  | 'shielded'
> & { client: { ref: string } };

/** What a row keeps of the latest extension request. */
export type RowRequest = Pick<
  ExtensionRequestDoc,
  '_id' | 'status' | 'source' | 'withoutEvaluation' | 'decisionDeadline'
>;

/** How many parts a team's rows are kept figures in (CaseloadRowDoc.bucketKey). */
export const ROW_BUCKETS = 64;

/**
 * The part of its team's rows a youth's rows are in (`00` to `63`, from the client
 * reference): a figure of a team is kept per part, so a change recounts one part, and
 * all rows of one youth share a part, so distinct youths add up across parts.
 */
export function bucketOf(clientRef: string): string {
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  for (let i = 0; i < clientRef.length; i += 1) {
    h ^= clientRef.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return String(h % ROW_BUCKETS).padStart(2, '0');
}

/**
 * The kept row of an allocation (its contract's reporting rules, its latest extension
 * request); null once it has ended (a caseload lists active allocations).
 */
export function rowDocOf(
  a: RowSource,
  rules: ReportingRules,
  latest: RowRequest | null | undefined,
): CaseloadRowDoc | null {
  if (a.status !== 'active') return null;
  const s = a.evaluations;
  const next = nextEvaluation(a, rules);
  return {
    _id: a._id,
    teamCode: a.teamCode,
    providerAgbCode: a.providerAgbCode,
    municipalityCode: a.municipalityCode,
    contractNumber: a.contractNumber,
    clientRef: a.client.ref,
    product: { category: a.product.category, code: a.product.code },
    referrerType: a.referrerType,
    startDate: a.startDate,
    endDate: a.endDate,
    careStartDate: a.careStartDate ?? null,
    bridgingFor: a.bridgingFor ?? null,
    lastEvaluation: s?.latestId
      ? { id: s.latestId, periodEnd: s.latestPeriodEnd ?? null, meetingDate: s.latestMeetingDate ?? null }
      : null,
    nextEvaluationDueDate: next?.dueDate ?? null,
    graceDays: rules.graceDays,
    reminderLeadDays: rules.reminderLeadDays,
    residence: s?.latestResidence ?? null,
    caseDirection: s?.latestCaseDirection ?? null,
    latestRequest: latest
      ? {
          id: latest._id,
          status: latest.status,
          source: latest.source ?? null,
          withoutEvaluation: Boolean(latest.withoutEvaluation),
          decisionDeadline: latest.decisionDeadline,
        }
      : null,
    shieldKey: a.shielded ? 'shielded' : 'open',
    waitingKey: a.careStartDate ? 'false' : 'true',
    waitListKey: !a.careStartDate || a.bridgingFor ? 'true' : 'false',
    residenceKey: s?.latestResidence ?? 'not_reported',
    caseDirectionKey: s?.latestCaseDirection ?? 'not_reported',
    bucketKey: bucketOf(a.client.ref),
  };
}
