import type { AllocationDoc, ReportingRules } from '../records';
import { addDays, addMonths, quarterRange, type IsoDate } from './dates';

/** Where an obligation stands on a given day. */
export type ObligationStatus = 'upcoming' | 'due' | 'overdue' | 'met';

/** The next evaluation an allocation owes. */
export interface EvaluationObligation {
  kind: 'evaluation' | 'closing_evaluation';
  periodStart: IsoDate;
  dueDate: IsoDate;
}

/** Allocation facts the schedule reads. */
export type ScheduleFacts = Pick<AllocationDoc, 'startDate' | 'endDate' | 'status' | 'evaluations'>;

/**
 * The rolling evaluation schedule: the next period starts the day after the latest
 * evaluated period (or on the start date) and lasts `evaluationIntervalMonths`; its
 * last day is the due date. When that would pass the allocation's end (or the
 * allocation has ended) the closing evaluation is due on the end date instead.
 * Null once a closing evaluation is in.
 */
export function nextEvaluation(
  allocation: ScheduleFacts,
  rules: Pick<ReportingRules, 'evaluationIntervalMonths'>,
): EvaluationObligation | null {
  const summary = allocation.evaluations;
  if (summary?.latestIsClosing) return null;
  const start = summary?.latestPeriodEnd ? addDays(summary.latestPeriodEnd, 1) : allocation.startDate;
  const due = addDays(addMonths(start, rules.evaluationIntervalMonths), -1);
  if (allocation.status === 'ended' || due >= allocation.endDate) {
    return {
      kind: 'closing_evaluation',
      periodStart: start <= allocation.endDate ? start : allocation.endDate,
      dueDate: allocation.endDate,
    };
  }
  return { kind: 'evaluation', periodStart: start, dueDate: due };
}

/** The status of an open obligation on `today`: due from `reminderLeadDays` before, overdue after the grace days. */
export function obligationStatus(
  dueDate: IsoDate,
  today: IsoDate,
  rules: Pick<ReportingRules, 'graceDays' | 'reminderLeadDays'>,
): Exclude<ObligationStatus, 'met'> {
  if (today > addDays(dueDate, rules.graceDays)) return 'overdue';
  if (today >= addDays(dueDate, -rules.reminderLeadDays)) return 'due';
  return 'upcoming';
}

/** True when something submitted `submittedOn` for `dueDate` came within the grace period. */
export function isOnTime(dueDate: IsoDate, submittedOn: IsoDate, graceDays: number): boolean {
  return submittedOn <= addDays(dueDate, graceDays);
}

/** The due date of a contract's quarterly report: `quarterlyReportDueDays` after the quarter ends. */
export function quarterlyReportDue(quarter: string, rules: Pick<ReportingRules, 'quarterlyReportDueDays'>): IsoDate {
  return addDays(quarterRange(quarter).end, rules.quarterlyReportDueDays);
}
