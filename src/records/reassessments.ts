/** Stored records: reassessment campaigns (herbeoordeling) and their items. */

/** The steps of one reassessment, in order. */
export const REASSESSMENT_STEPS = ['planned', 'talked', 'planUpdated', 'decided', 'handedOver'] as const;

/** One step of a reassessment. */
export type ReassessmentStep = (typeof REASSESSMENT_STEPS)[number];

/** What a reassessment decided. */
export type ReassessmentOutcome = 'continue' | 'change' | 'close' | 'transfer';

/**
 * A reassessment campaign: every allocation in scope reassessed by the deadline.
 * `allocationNumbers` is the scope as it was fixed at creation, so a crash between
 * the campaign and its items is completed with the same items.
 */
export interface ReassessmentDoc {
  _id: string;
  /** Set until every item is written (the daily job completes a campaign a crash left so). */
  pending?: 'create';
  name: string;
  teamCode: string;
  receivingTeamCode?: string;
  startDate: string;
  deadline: string;
  capacityPerWeek: number;
  scope: { kind: 'team' | 'list'; size: number };
  allocationNumbers: string[];
  status: 'open' | 'completed';
  completedOn?: string;
  /** The day the forecast last went past the deadline (the current `reassessment_behind` occurrence), while it does. */
  behindSince?: string;
  createdAt: Date;
  createdBy: string;
}

/** One recorded step of a reassessment item. */
export interface ReassessmentStepEntry {
  step: ReassessmentStep;
  date: string;
  at: Date;
  by: string;
  role: string;
  note?: string;
  /** The steps passed over to get here, and why. */
  skipped?: ReassessmentStep[];
  skipReason?: string;
  /** talked: who took part. */
  participants?: string[];
  /** planUpdated: the care plan's concrete goals. */
  goals?: string[];
  /** decided: what was decided. */
  decision?: ReassessmentOutcome;
  /** The hub's own record the step rests on, confirmed by the consultant. */
  basedOn?: { kind: 'evaluation' | 'allocation_change' | 'extension_decision'; id: string; date: string };
  /** handedOver: the team the case went to. */
  toTeamCode?: string;
}

/** What a campaign item knows of its allocation (refreshed on every step and by the daily job). */
export interface ReassessmentFacts {
  providerAgbCode: string;
  /** The client's pseudonym (for the audit trail of who read the case). */
  clientRef: string;
  /** Shielded (iJw OP003): no digest names it. */
  shielded?: boolean;
  endDate: string;
  allocationStatus: 'active' | 'ended';
  careStarted: boolean;
  safetyConcern: boolean;
  /** The latest evaluation since the campaign began, if any: it may count as the talk. */
  evaluation?: { id: string; meetingDate: string };
  /** The latest change of the allocation since the campaign began (not a bulk extension): it may count as the decision. */
  change?: { at: string; date: string; source: string; fields: string[] };
  /** Extended by a bulk decision tied to this campaign. */
  bulkExtension?: { decisionReference: string; newEndDate: string; at: Date };
}

/** One allocation's reassessment in a campaign; `_id` is `campaignId:allocationNumber`. */
export interface ReassessmentItemDoc {
  _id: string;
  campaignId: string;
  allocationNumber: string;
  /** The furthest step reached, or null before the first. */
  step: ReassessmentStep | null;
  steps: ReassessmentStepEntry[];
  decision?: ReassessmentOutcome;
  facts: ReassessmentFacts;
  /** Set while a handover's moves (flags, reports, requests, the allocation) are not all done. */
  pendingHandover?: string;
  updatedAt: Date;
}
