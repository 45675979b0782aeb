import type { AllocationDoc, ReportingRules } from '../records';
import { addDays, addMonths, quarterRange, type IsoDate } from './dates';

/** Where an obligation stands on a given day. */
export type ObligationStatus = 'upcoming' | 'due' | 'overdue' | 'met';

/** The next evaluation an allocation owes. */
export interface EvaluationObligation {
  kind: 'evaluation' | 'closing_evaluation';
  periodStart: IsoDate;
  dueDate: IsoDate;
  /** `closed_care`: the Jeugdwet 6.2.9 cycle; else the contract's interval. */
  cycle: 'contract' | 'closed_care';
}

/** Allocation facts the schedule reads. */
export type ScheduleFacts = Pick<AllocationDoc, 'startDate' | 'endDate' | 'status' | 'evaluations'> &
  Partial<Pick<AllocationDoc, 'product' | 'careStartDate'>>;

/** The reporting rules the schedule reads. */
export type ScheduleRules = Pick<ReportingRules, 'evaluationIntervalMonths' | 'closedCareProductCodes'>;

/** Closed youth care (Jeugdwet 6.2.9): the first evaluation 4 weeks after care starts, then at least every 2 months. */
export const CLOSED_CARE = { firstEvaluationDays: 28, intervalMonths: 2, carePlanWeeks: 6 } as const;

/**
 * True when an allocation is on the closed-care cycle: its product is one the contract
 * marks as closed care, or its latest evaluation reports the youth in a secure setting.
 */
export function isClosedCare(allocation: ScheduleFacts, rules: ScheduleRules): boolean {
  const code = allocation.product?.code;
  return (
    (code !== undefined && (rules.closedCareProductCodes ?? []).includes(code)) ||
    allocation.evaluations?.latestResidence === 'secure'
  );
}

/**
 * The rolling evaluation schedule: the next period starts the day after the latest
 * evaluated period (or on the start date) and lasts `evaluationIntervalMonths`; its
 * last day is the due date. On the closed-care cycle the first evaluation is due 4
 * weeks after care starts (or the allocation starts, while it has not) and each next
 * one 2 months after the latest period. When that would pass the allocation's end
 * (or the allocation has ended) the closing evaluation is due on the end date instead.
 * Null once a closing evaluation is in.
 */
export function nextEvaluation(allocation: ScheduleFacts, rules: ScheduleRules): EvaluationObligation | null {
  const summary = allocation.evaluations;
  if (summary?.latestIsClosing) return null;
  const closed = isClosedCare(allocation, rules);
  const start = summary?.latestPeriodEnd ? addDays(summary.latestPeriodEnd, 1) : allocation.startDate;
  const due = !closed
    ? addDays(addMonths(start, rules.evaluationIntervalMonths), -1)
    : summary?.latestPeriodEnd
      ? addDays(addMonths(start, CLOSED_CARE.intervalMonths), -1)
      : addDays(allocation.careStartDate ?? allocation.startDate, CLOSED_CARE.firstEvaluationDays);
  const cycle = closed ? 'closed_care' : 'contract';
  if (allocation.status === 'ended' || due >= allocation.endDate) {
    return {
      kind: 'closing_evaluation',
      periodStart: start <= allocation.endDate ? start : allocation.endDate,
      dueDate: allocation.endDate,
      cycle,
    };
  }
  return { kind: 'evaluation', periodStart: start, dueDate: due, cycle };
}

/** The day a closed-care allocation's care plan is due (6 weeks after admission: care start, else the start). */
export function carePlanDue(allocation: ScheduleFacts): IsoDate {
  return addDays(allocation.careStartDate ?? allocation.startDate, CLOSED_CARE.carePlanWeeks * 7);
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

/** The reporting rules a contract has unless it says otherwise. */
export const DEFAULT_REPORTING: ReportingRules = {
  evaluationIntervalMonths: 3,
  graceDays: 14,
  quarterlyReportDueDays: 30,
  evaluationRecencyDays: 90,
  decisionDeadlineWorkingDays: 5,
  informationRequestMaxWeeks: 8,
  closedCareProductCodes: [],
  reminderLeadDays: 14,
  escalationDays: 14,
};
