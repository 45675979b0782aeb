/** Stored records: evaluation reports, the providers' periodic reports on a youth's care. */

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
