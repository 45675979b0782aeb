/** Stored records: the hub's own bookkeeping: jobs, locks, follow-ups, migrations, idempotency answers, the outbox. */
import type { AuditActor } from './audit';

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

/** A stored answer to a request sent with an Idempotency-Key. */
export interface IdempotencyDoc {
  /** A keyed hash of the caller's organisation and the key (a key may hold client data). */
  _id: string;
  /** A keyed hash of method, path and body: an unkeyed one would give away the BSN in a body. */
  requestHash: string;
  /** Set on records whose id and fingerprint are keyed; older ones are re-keyed at start and by housekeeping. */
  keyed?: true;
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
