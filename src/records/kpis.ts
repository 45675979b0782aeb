/** Stored records: kPI results and their computation, ratings and reviews. */
import type { Role } from './tokens';
import type { AuditActor } from './audit';

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
    /** Who asked: a token's holder, the system principal, or null (the system, as stored before it had a name). */
    principal:
      | { tokenId: string; role: Role; label: string; providerAgbCode?: string; teamCode?: string }
      | { system: true; label: 'system' }
      | null;
    audit: AuditActor;
    requestId: string | null;
    sourceIp: string | null;
  };
  requestedAt: Date;
  /** Requests for the same quarter made while this one was queued: it answers for them too (coalesced). */
  joined?: { by: AuditActor; requestId: string | null; reason: string; at: Date }[];
  /** queued until its computation begins (it may wait for another), then running, then how it ended. */
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
