/** Stored records: the caseload's rows, one per active allocation, kept at write time. */

/**
 * What a caseload row and the summary need of one active allocation, kept in a small
 * document of its own so a team's caseload is read without its allocations' history,
 * BSN and KPI facts. `_id` is the allocation number. The `*Key` fields are the list's
 * filters as plain strings (the engine looks up plain equalities in its index).
 * Written by the allocation's follow-ups under its lock; the daily sweep rewrites any
 * row that differs (a crash between the allocation's write and its row's).
 */
export interface CaseloadRowDoc {
  _id: string;
  teamCode: string;
  providerAgbCode: string;
  municipalityCode: string;
  contractNumber: string;
  clientRef: string;
  product: { category: string; code: string };
  referrerType: string;
  startDate: string;
  endDate: string;
  careStartDate: string | null;
  bridgingFor: string | null;
  lastEvaluation: { id: string; periodEnd: string | null; meetingDate: string | null } | null;
  /** The next evaluation's due date (null when none is owed: a closing report came), with the contract's grace and reminder lead. */
  nextEvaluationDueDate: string | null;
  graceDays: number;
  reminderLeadDays: number;
  residence: string | null;
  caseDirection: string | null;
  latestRequest: {
    id: string;
    status: string;
    source: string | null;
    withoutEvaluation: boolean;
    decisionDeadline: string;
  } | null;
  /** `shielded` or `open` (iJw OP003: admins do not see shielded cases). */
  shieldKey: 'shielded' | 'open';
  /** `true` while care has not started. */
  waitingKey: 'true' | 'false';
  /** `true` while the youth waits for care: care not started, or in bridging care (the call list). */
  waitListKey: 'true' | 'false';
  /** The residence type, or `not_reported`. */
  residenceKey: string;
  /** The case-direction holder, or `not_reported`. */
  caseDirectionKey: string;
}

/**
 * How often a team's caseload rows have changed (`_id` the team code): each write of a
 * row adds one, after the row, for the row's team (and its team before, on a handover).
 * A kept figure of a team (a summary, the call list's order) holds the count it was
 * computed at, and is used only while the count is still that.
 */
export interface CaseloadVersionDoc {
  _id: string;
  v: number;
}

/**
 * A figure computed from a team's rows (`_id`: what and for whom), kept for the day
 * (`asOf`, the figures count days) while the team's rows stay as they were (`version`).
 */
export interface CaseloadSnapshotDoc {
  _id: string;
  teamCode: string;
  version: number;
  asOf: string;
  computedAt: Date;
  payload: unknown;
}
