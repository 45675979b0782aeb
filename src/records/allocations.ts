/** Stored records: allocations and what the hub keeps on them at write time. */
import type { Payload } from '../payloads/payloads';

/** An allocation's volume (iJw: amount, unit, frequency), as allocation.v1.json defines it. */
export type Volume = Payload<'allocation.v1.json'>['volume'];

/** One change to an allocation: what, when, by whom, why. */
export interface AllocationChange {
  at: Date;
  by: string;
  role: string;
  source: 'api' | 'import' | 'ijw' | 'cli' | 'extension-decision' | 'bulk-extension' | 'reassessment';
  /** iJw change reason (01, 04, 05) or, when ending, the iJw end reason. */
  reason?: string;
  note?: string;
  changes: Record<string, { from: unknown; to: unknown }>;
}

/** An allocation (toewijzing); `_id` is the allocation number. The BSN is stored encrypted. */
export interface AllocationDoc {
  _id: string;
  /**
   * Set by the write that stores this record and cleared once its follow-up writes
   * (summary, audit event, flags) are done: a retry or the daily sweep that finds it
   * completes them (no transactions, so every multi-write operation is resumable).
   */
  pending?: 'create' | 'update';
  client: { ref: string; bsnEnc: string; birthDate: string };
  municipalityCode: string;
  teamCode: string;
  providerAgbCode: string;
  contractNumber: string;
  product: { category: string; code: string };
  startDate: string;
  endDate: string;
  volume: Volume;
  referrerType: string;
  careStartDate?: string;
  /** The day the JW305 that reported `careStartDate` reached the hub (iJw OP271: within 5 working days). */
  careStartReceivedOn?: string;
  /** The stops of care the provider reported (JW307) for this start, in the order received; at most one is final (TR415). */
  careStops?: CareStop[];
  /** Care stopped temporarily (RedenBeeindiging 20) on this day and has not resumed. */
  carePausedSince?: string;
  /**
   * Bridging care: this allocation is a second-best place while the youth still waits
   * for care of this product category (the waiting monitor counts the youth as waiting).
   */
  bridgingFor?: string;
  endReason?: string;
  /** Shielded (iJw OP003: a shelter address, domestic violence): no notification names it; only its team and provider see it. */
  shielded?: boolean;
  status: 'active' | 'ended';
  history: AllocationChange[];
  version: number;
  evaluations?: EvaluationSummary;
  /** What the KPIs need of each current evaluation report (kept with the summary, so a KPI pass reads allocations only). */
  evaluationFacts?: EvaluationFact[];
  /** How many extension requests the allocation has had (the last one's number). */
  extensionRequestCount?: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A stop of care as the provider reported it (JW307): a fact, even when it lies after the allocation's end. */
export interface CareStop {
  /** The last day of delivery (Einddatum). */
  date: string;
  /** iJw end reason (JZ588); 20 is a temporary stop. */
  reason: string;
  /** The day the JW307 reached the hub (iJw OP272: within 5 working days). */
  receivedOn: string;
  /** The allocation's end date before this stop ended it (a withdrawal of the stop restores it). */
  endDateBefore?: string;
}

/** What the hub keeps on an allocation about its evaluations (maintained at write time). */
export interface EvaluationSummary {
  count: number;
  latestId?: string;
  latestPeriodStart?: string;
  latestPeriodEnd?: string;
  latestMeetingDate?: string;
  latestIsClosing?: boolean;
  latestResidence?: string;
  latestResidenceSince?: string;
  latestCaseDirection?: string;
  /** The latest evaluation reports safety concerns or a report to Veilig Thuis. */
  latestSafetyConcern?: boolean;
}

/** One current evaluation report of an allocation, as the KPIs count it (src/kpis/facts.ts). */
export interface EvaluationFact {
  periodStart: string;
  periodEnd: string;
  meetingDate: string;
  dueDate: string;
  onTime: boolean;
  closing: boolean;
  /** At least half of the goals it assesses (new ones not counted) are achieved. */
  goalsAttained: boolean;
  youthScore: number | null;
  parentScore: number | null;
  bothParticipated: boolean;
  residenceKnown: boolean;
  caseDirectionHeld: boolean;
  /** Form 1.1: BiJ 3.1 continuation of help (01-04), or null (form 1.0, or not reported). */
  continuation?: string | null;
}

/** An allocation as a list shows it: without its history and KPI facts (the single GET has them). */
export type AllocationListItem = Omit<AllocationDoc, 'history' | 'evaluationFacts'>;

/** An allocation without its history and encrypted BSN. */
export type AllocationSummary = Omit<AllocationDoc, 'history' | 'client' | 'evaluationFacts'> & {
  client: { ref: string; birthDate: string };
};
