/** Stored records: what providers submit: evaluation reports, extension requests, quarterly reports. */
import type { Volume } from './allocations';

/** The evaluation-form fields as submitted (form 1.0 evaluation.v1.json, form 1.1 evaluation-form-1.1.v1.json), minus routing fields. */
export interface EvaluationForm {
  participants: { youth: boolean; parents: boolean; network: boolean; otherProfessionals: boolean };
  goals: { description: string; status: 'achieved' | 'partly' | 'not_achieved' | 'new'; note?: string }[];
  safety: { concerns: boolean; veiligThuisReport: boolean; safetyPlan: boolean; note?: string };
  residence: { type: string; since?: string };
  caseDirection: { holder: string };
  /** Form 1.0: satisfaction; form 1.1: usefulness per informant (BiJ 2). Both 1-10 or null. */
  satisfaction: { youth: number | null; parents: number | null };
  /** Form 1.1: the CBS outcome items (BiJ 3.1 continuation: 01-04). */
  outcome?: { continuation: string };
  advice: { recommendation: string; reasoning: string };
  author: { name: string; register: 'SKJ' | 'BIG'; registrationNumber: string };
  isClosing: boolean;
}

/**
 * An evaluation report. `_id` is `ev_<allocation>_<periodStart>_<periodEnd>_r<revision>`:
 * deterministic, so "one evaluation per allocation and period" is the unique `_id`, and
 * a correction (revision + 1) can be found without a query.
 */
export interface EvaluationDoc extends EvaluationForm {
  _id: string;
  /**
   * Set by the write that stores this record and cleared once its follow-up writes
   * (summary, audit event, flags) are done: a retry or the daily sweep that finds it
   * completes them (no transactions, so every multi-write operation is resumable).
   */
  pending?: 'create' | 'update';
  allocationNumber: string;
  revision: number;
  supersedes?: string;
  supersededBy?: string;
  status: 'current' | 'superseded';
  periodStart: string;
  periodEnd: string;
  meetingDate: string;
  formVersion: string;
  /** The due date of the obligation this evaluation meets, and whether it came within the grace period. */
  dueDate: string;
  onTime: boolean;
  providerAgbCode: string;
  teamCode: string;
  municipalityCode: string;
  contractNumber: string;
  clientRef: string;
  submittedAt: Date;
  submittedBy: string;
}

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

/** A provider's quarterly contract report; `_id` is `qr_<contract>_<quarter>_r<revision>`. */
export interface QuarterlyReportDoc {
  _id: string;
  contractNumber: string;
  providerAgbCode: string;
  quarter: string;
  revision: number;
  supersedes?: string;
  supersededBy?: string;
  status: 'current' | 'superseded';
  waitingList: { productCode: string; count: number; longestWaitDays: number }[];
  capacity: { clientsInCare: number; placesAvailable?: number; intakeStopped?: boolean };
  staff: { fte: number; registeredShare: number };
  complaints: { received: number; upheld?: number };
  incidents: { count: number; reportedToInspectorate: number };
  bottlenecks?: string;
  dueDate: string;
  onTime: boolean;
  submittedAt: Date;
  submittedBy: string;
}
