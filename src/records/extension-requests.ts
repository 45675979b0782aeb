/** Stored records: extension requests, the providers' requests to extend an allocation, and their decisions. */
import type { Volume } from './allocations';

/** The states of an extension request. */
export type ExtensionStatus = 'submitted' | 'info_requested' | 'approved' | 'rejected' | 'withdrawn';

/** One step in an extension request's life. */
export interface ExtensionEvent {
  at: Date;
  by: string;
  role: string;
  action: 'submitted' | 'info_requested' | 'resubmitted' | 'approved' | 'rejected' | 'withdrawn' | 'proposed';
  note?: string;
}

/** An extension request. `_id` is `xr_<allocation>_<n>`: the n-th request of that allocation. */
export interface ExtensionRequestDoc {
  _id: string;
  /**
   * Set by the write that stores this record and cleared once its follow-up writes
   * (summary, audit event, flags) are done: a retry or the daily sweep that finds it
   * completes them (no transactions, so every multi-write operation is resumable).
   */
  pending?: 'create' | 'update';
  allocationNumber: string;
  providerAgbCode: string;
  teamCode: string;
  municipalityCode: string;
  contractNumber: string;
  clientRef: string;
  source: 'provider' | 'bulk';
  requestedEndDate: string;
  requestedVolume?: Volume;
  previousEndDate: string;
  reasoning: string;
  evaluationId?: string;
  evaluationMeetingDate?: string;
  withoutEvaluation: boolean;
  /** Why it is without evaluation: none named, or the named one is not recent. */
  withoutEvaluationReason?: 'none' | 'not_recent';
  status: ExtensionStatus;
  submittedAt: Date;
  decisionDeadline: string;
  /**
   * iJw OP274/OP346: the last day to decide, however often information is asked
   * (`informationRequestMaxWeeks` after it came in). Absent on requests before it was kept.
   */
  finalDeadline?: string;
  decision?: {
    decision: 'approved' | 'rejected' | 'info_requested';
    rejectionCode?: string;
    note?: string;
    decidedAt: Date;
    decidedBy: string;
    /** The deciding person's name (absent for a token). */
    decidedByName?: string;
    /** Four eyes: who proposed the decision its supervisor took. */
    proposedBy?: string;
    proposedByName?: string;
  };
  /**
   * Four eyes: a supervised person's decision waits here for its supervisor, who
   * confirms or changes it. The request stays `submitted` (its deadlines keep running).
   */
  proposal?: {
    decision: 'approved' | 'rejected';
    rejectionCode?: string;
    note?: string;
    proposedAt: Date;
    proposedBy: string;
    proposedByName: string;
    /** The person who confirms it. */
    supervisor: string;
  };
  decidedAt?: Date;
  decisionReference?: string;
  /** The reassessment campaign a bulk extension was decided in. */
  reassessmentId?: string;
  events: ExtensionEvent[];
}
