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
  /** The part of the team's rows the youth's rows are in, `00`-`63` (src/domain/caseload-row.ts bucketOf): figures of a team are kept per part. */
  bucketKey: string;
}

/**
 * How often one part of a team's caseload rows has changed (`_id` `team|part`): each
 * write of a row adds one, after the row, for the row's team and part (and its team
 * before, on a handover). A figure kept of the part holds the count it was computed
 * at, and is used only while the count is still that.
 */
export interface CaseloadVersionDoc {
  _id: string;
  teamCode: string;
  bucketKey: string;
  v: number;
}

/**
 * A figure computed from one part of a team's rows (`figure`: which, and of which
 * rows; `_id`: `figure|team|part`), kept for the day (`asOf`: the figures count days)
 * while that part's rows stay as they were (`version`).
 */
export interface CaseloadSnapshotDoc {
  _id: string;
  teamCode: string;
  figure: string;
  bucketKey: string;
  version: number;
  asOf: string;
  computedAt: Date;
  payload: unknown;
}
