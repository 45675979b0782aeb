/** The rules of an evaluation report that need no storage: its period, and the summary it leaves on its allocation. */
import type { EvaluationDoc, EvaluationSummary } from '../../records';
import { daysBetween } from '../../domain/dates';
import { errors, type FieldError } from '../../errors';
import type { Payload } from '../../payloads/payloads';
import type { SubmissionTarget } from '../allocations/submission-target';

/** The period rules: within the allocation, the meeting in it and not in the future; 422 naming each broken one. */
export function checkPeriod(
  { allocation, today }: SubmissionTarget,
  input: Payload<'evaluation-submission.v1.json'>,
): void {
  const problems: FieldError[] = [];
  if (input.periodEnd < input.periodStart)
    problems.push({ path: '/periodEnd', message: 'must not be before periodStart' });
  if (input.periodStart < allocation.startDate)
    problems.push({
      path: '/periodStart',
      message: `must not be before the allocation starts (${allocation.startDate})`,
    });
  if (input.periodEnd > allocation.endDate)
    problems.push({ path: '/periodEnd', message: `must not be after the allocation ends (${allocation.endDate})` });
  if (input.meetingDate < input.periodStart)
    problems.push({ path: '/meetingDate', message: 'must not be before periodStart' });
  if (input.meetingDate > today) problems.push({ path: '/meetingDate', message: 'must not be in the future' });
  if (problems.length > 0)
    throw errors.unprocessable('evaluation-rules', 'The evaluation does not fit the allocation.', problems);
}

/** A meeting longer than this before the period's end no longer shows the period's end. */
const MEETING_STALE_DAYS = 30;

/**
 * Non-blocking remarks on a report that passed every rule (a 201's `warnings`): what
 * a reader of the KPIs would want the provider to know it missed.
 */
export function evaluationWarnings(input: Payload<'evaluation-submission.v1.json'>): FieldError[] {
  const warnings: FieldError[] = [];
  if (daysBetween(input.meetingDate, input.periodEnd) > MEETING_STALE_DAYS)
    warnings.push({
      path: '/meetingDate',
      message: `is more than ${MEETING_STALE_DAYS} days before periodEnd; the report may not show the end of the period`,
    });
  if (input.isClosing && input.satisfaction.youth === null && input.satisfaction.parents === null)
    warnings.push({
      path: '/satisfaction',
      message:
        input.formVersion === '1.1'
          ? 'a closing evaluation without usefulness from the youth or a parent counts for no client_satisfaction (BiJ 2)'
          : 'a closing evaluation without satisfaction scores counts for no client_satisfaction',
    });
  if (input.formVersion === '1.0' && input.isClosing)
    warnings.push({
      path: '/formVersion',
      message: 'form 1.1 reports the CBS outcome (outcome.continuation) that no_further_help_rate counts; 1.0 does not',
    });
  return warnings;
}

/**
 * The allocation's evaluation summary once a report is in (latest period, residence,
 * case direction, closing). The same report again changes nothing: a new period is
 * counted only while the summary does not name it yet.
 */
export function summaryAfter(before: EvaluationSummary | undefined, doc: EvaluationDoc): EvaluationSummary {
  const current: EvaluationSummary = before ?? { count: 0 };
  const isLatest = !current.latestPeriodEnd || doc.periodEnd >= current.latestPeriodEnd;
  const counted = Boolean(doc.supersedes) || current.latestId === doc._id;
  const summary: EvaluationSummary = { ...current, count: current.count + (counted ? 0 : 1) };
  if (isLatest) {
    Object.assign(summary, {
      latestId: doc._id,
      latestPeriodStart: doc.periodStart,
      latestPeriodEnd: doc.periodEnd,
      latestMeetingDate: doc.meetingDate,
      latestIsClosing: doc.isClosing,
      latestResidence: doc.residence.type,
      latestResidenceSince: doc.residence.since,
      latestCaseDirection: doc.caseDirection.holder,
      latestSafetyConcern: doc.safety.concerns || doc.safety.veiligThuisReport,
    });
  }
  return summary;
}
