/** Stored shapes of the hub's collections (what the repositories read and write). */

/** A role a bearer token carries. */
export type Role = 'admin' | 'contract_manager' | 'consultant' | 'provider';

/** An API credential; only the hash of its secret is stored. */
export interface TokenDoc {
  _id: string;
  secretHash: string;
  role: Role;
  providerAgbCode?: string;
  teamCode?: string;
  label: string;
  createdAt: Date;
  createdBy: string;
  lastUsedAt?: Date;
  revokedAt?: Date;
  revokedBy?: string;
  /** When set, the token stops working at this moment. */
  expiresAt?: Date;
}

/** A claimed schedule tick of a job: inserting it is how one instance (of many) gets to run that tick. */
export interface JobTickDoc {
  _id: string;
  job: string;
  tick: Date;
  claimedBy: string;
  claimedAt: Date;
}

/** A job's latest run, kept by job name for GET /v1/jobs (the full history is in job_runs). */
export interface JobStateDoc {
  _id: string;
  lastRun: {
    trigger: string;
    startedAt: Date;
    finishedAt: Date;
    outcome: 'succeeded' | 'failed';
    counts?: Record<string, number>;
    error?: string;
  };
}

/** A short lock on a record while it is being changed. */
export interface LockDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

/**
 * Follow-up writes owed for records written in bulk (an import chunk's audit events),
 * written before the records and deleted after the follow-ups: a crash in between
 * leaves it for the daily sweep. The collection only ever holds work in flight.
 */
export interface FollowUpDoc {
  _id: string;
  kind: 'allocation.import-create' | 'allocation.create';
  ids: string[];
  actor: AuditActor;
  requestId: string | null;
  sourceIp: string | null;
  createdAt: Date;
}

/** One applied migration. */
export interface MigrationDoc {
  _id: string;
  description: string;
  appliedAt: Date;
  durationMs: number;
}

/** One run of a scheduled job. */
export interface JobRunDoc {
  _id?: import('mongodb').ObjectId;
  job: string;
  tick: Date;
  now: Date;
  trigger: 'schedule' | 'startup' | 'retry' | 'manual';
  instance: string;
  startedAt: Date;
  finishedAt?: Date;
  outcome: 'running' | 'succeeded' | 'failed';
  counts?: Record<string, number>;
  error?: string;
}

/** Small facts about this hub installation (for example: the bootstrap token was issued). */
export interface MetaDoc {
  _id: string;
  at: Date;
  [key: string]: unknown;
}

/** A contracted provider; `_id` is its AGB code. */
export interface ProviderDoc {
  _id: string;
  name: string;
  email: string;
  webhookUrl?: string;
  /** The webhook signing secret (whsec_...), sealed with the hub's key. */
  webhookSecretSealed?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** A consultant team; `_id` is its team code. */
export interface TeamDoc {
  _id: string;
  name: string;
  municipalityCodes: string[];
  /** Where the team is told about safety concerns and overdue decisions. */
  email?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** The reporting rules of a contract, defaults filled in. */
export interface ReportingRules {
  evaluationIntervalMonths: number;
  graceDays: number;
  quarterlyReportDueDays: number;
  evaluationRecencyDays: number;
  decisionDeadlineWorkingDays: number;
  reminderLeadDays: number;
  escalationDays: number;
}

/** A KPI target: the value to reach and how far on the wrong side still counts as amber. */
export interface KpiTarget {
  target: number;
  amberBand?: number;
}

/** A provider's contract; `_id` is the contract number. */
export interface ContractDoc {
  _id: string;
  providerAgbCode: string;
  region?: string;
  startDate: string;
  endDate: string;
  extensionOptionEndDate?: string;
  productCodes: string[];
  reporting: ReportingRules;
  kpiTargets: Record<string, KpiTarget>;
  createdAt: Date;
  updatedAt: Date;
}

/** An allocation's volume (iJw: amount, unit, frequency). */
export interface Volume {
  amount: number;
  unit: string;
  frequency: string;
}

/** One change to an allocation: what, when, by whom, why. */
export interface AllocationChange {
  at: Date;
  by: string;
  role: string;
  source: 'api' | 'import' | 'cli' | 'extension-decision' | 'bulk-extension';
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
  endReason?: string;
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

/** Who did something, as the audit trail records it. */
export interface AuditActor {
  tokenId: string | null;
  role: string;
  /** AGB code (provider) or team code (consultant); null for region-wide roles. */
  organisation: string | null;
  label: string;
}

/**
 * One NEN 7513 style audit event. `_id` is its position in the hash chain as a
 * 12-digit zero-padded string: sortable, and looked up without a scan on FerretDB.
 */
export interface AuditEventDoc {
  _id: string;
  at: Date;
  action: string;
  objectType: string;
  objectId: string;
  clientRef: string | null;
  actor: AuditActor;
  requestId: string | null;
  sourceIp: string | null;
  prevHash: string;
  /** `hmac`: keyed with the audit key (derived from the BSN key, outside the database); absent on events from before keying. */
  alg?: 'hmac';
  hash: string;
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
}

/** The evaluation-form fields as submitted (evaluation.v1.json), minus routing fields. */
export interface EvaluationForm {
  participants: { youth: boolean; parents: boolean; network: boolean; otherProfessionals: boolean };
  goals: { description: string; status: 'achieved' | 'partly' | 'not_achieved' | 'new'; note?: string }[];
  safety: { concerns: boolean; veiligThuisReport: boolean; safetyPlan: boolean; note?: string };
  residence: { type: string; since?: string };
  caseDirection: { holder: string };
  satisfaction: { youth: number | null; parents: number | null };
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
  action: 'submitted' | 'info_requested' | 'resubmitted' | 'approved' | 'rejected' | 'withdrawn';
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
  decision?: {
    decision: 'approved' | 'rejected' | 'info_requested';
    rejectionCode?: string;
    note?: string;
    decidedAt: Date;
    decidedBy: string;
  };
  decidedAt?: Date;
  decisionReference?: string;
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

/** A stored answer to a request sent with an Idempotency-Key. */
export interface IdempotencyDoc {
  _id: string;
  requestHash: string;
  state: 'in_progress' | 'done';
  /** Who holds an in-progress claim, and until when (wall clock) unless renewed. */
  owner?: string;
  leaseUntil?: Date;
  /** Each takeover of an expired claim counts one up (the takeover's unique lock name). */
  attempt?: number;
  status?: number;
  /** The final answer `{ body, headers }`, sealed with the vault key (it may hold a BSN or a secret). */
  sealed?: string;
  /** Answers stored before sealing (replayed until housekeeping removes them). */
  body?: unknown;
  headers?: Record<string, string>;
  createdAt: Date;
}

/** A flag (signaal): a typed, dated finding about an allocation, request, contract or provider. `_id` is `type:subject:occurrence`. */
export interface FlagDoc {
  _id: string;
  type: string;
  severity: 'info' | 'warning' | 'critical';
  owners: Role[];
  subject: { kind: 'allocation' | 'extension_request' | 'contract' | 'provider' | 'review'; id: string };
  basis: string;
  providerAgbCode: string;
  teamCode?: string;
  municipalityCode?: string;
  contractNumber?: string;
  evidence: Record<string, string | number | boolean | null>;
  status: 'open' | 'acknowledged' | 'resolved';
  raisedAt: Date;
  acknowledgedAt?: Date;
  resolvedAt?: Date;
  resolution?: { by: 'rule' | 'person'; reason: string; note?: string };
  history: { at: Date; action: 'raised' | 'acknowledged' | 'resolved'; by: string; note?: string }[];
}

/** One message to deliver, by webhook or e-mail. `_id` is deterministic, so it is written once. */
export interface OutboxDoc {
  _id: string;
  channel: 'webhook' | 'email';
  recipient: { kind: 'provider' | 'team' | 'contract_manager'; id: string; address: string };
  event: string;
  subject: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'delivered' | 'dead';
  attempts: { at: Date; ok: boolean; detail: string; durationMs: number }[];
  attemptCount: number;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt?: Date;
}

/** A consultant's rating of a provider for a quarter; `_id` is `quarter|agb|token`. */
export interface ExperienceRatingDoc {
  _id: string;
  quarter: string;
  providerAgbCode: string;
  teamCode: string;
  score: number;
  remarks?: string;
  ratedBy: string;
  ratedAt: Date;
}

/** One KPI result of a provider, overall (`municipalityCode` null) or in one municipality, for a quarter. */
export interface KpiResult {
  municipalityCode: string | null;
  kpi: string;
  value: number | null;
  numerator: number | null;
  denominator: number;
  breakdown?: Record<string, { value: number | null; count: number }>;
  target: number;
  amberBand: number;
  rating: 'green' | 'amber' | 'red' | 'no_data';
  smallSample: boolean;
}

/**
 * A provider's overall KPI results for a quarter from one computation; each
 * computation has a collection of these (src/repositories/kpi.repository.ts). `_id`
 * is the AGB code.
 */
export interface KpiSheetDoc {
  _id: string;
  computationId: string;
  quarter: string;
  providerAgbCode: string;
  results: KpiResult[];
  /** Wall-clock time of writing: results of a computation that never became current are removed a day later. */
  storedAt: Date;
}

/** Every provider's KPI results in one municipality for a quarter from one computation; `_id` is the municipality code. */
export interface KpiMunicipalitySheetDoc {
  _id: string;
  computationId: string;
  quarter: string;
  results: (KpiResult & { providerAgbCode: string })[];
  storedAt: Date;
}

/**
 * A recomputation a contract manager asked for (POST /v1/kpis/recompute answers 202
 * with it): queued, running (under its lock), then succeeded with the computation's
 * summary or failed with the reason. One left queued or running by a crash is taken up
 * again at start-up and by the daily sweep.
 */
export interface KpiRecomputationDoc {
  _id: string;
  quarter: string;
  reason: string;
  requestedBy: {
    principal: { tokenId: string; role: Role; label: string; providerAgbCode?: string; teamCode?: string } | null;
    audit: AuditActor;
    requestId: string | null;
    sourceIp: string | null;
  };
  requestedAt: Date;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  startedAt?: Date;
  finishedAt?: Date;
  attempts: number;
  result?: {
    computationId: string;
    status: 'final' | 'provisional';
    providers: number;
    results: number;
    durationMs: number;
  };
  error?: { title: string; detail: string };
}

/** A quarter's current KPI computation (the pointer that makes a recomputation visible at once), and its history. */
export interface KpiQuarterDoc {
  _id: string;
  computationId: string;
  computedAt: Date;
  /** final: computed after the quarter settled; provisional: the open (or not yet settled) quarter so far. */
  status: 'final' | 'provisional';
  trigger: 'snapshot' | 'recompute';
  by: string;
  history: KpiComputationEntry[];
}

/** One computation of a quarter, as recorded. */
export interface KpiComputationEntry {
  computationId: string;
  computedAt: Date;
  status: 'final' | 'provisional';
  trigger: 'snapshot' | 'recompute';
  by: string;
  reason?: string;
  providers: number;
  results: number;
  durationMs: number;
}

/** A contract manager's review of a provider: what was discussed and agreed, and when to talk next. */
export interface ReviewDoc {
  _id: string;
  providerAgbCode: string;
  date: string;
  kpisDiscussed: string[];
  notes: string;
  actions: {
    n: number;
    description: string;
    owner: 'provider' | 'municipality' | 'both';
    dueDate: string;
    status: 'open' | 'done';
    completedAt?: Date;
  }[];
  nextTalkDate: string;
  /** Why the next talk is when it is: set by the contract manager, or the default (and its reason). */
  nextTalkBasis: 'given' | 'default_half_year' | 'default_quarter_red_kpis' | 'default_quarter_large_share';
  createdAt: Date;
  createdBy: string;
}
