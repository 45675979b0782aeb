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
}

/** A lease: a named lock with an expiry, taken atomically by one instance. */
export interface LeaseDoc {
  _id: string;
  owner: string;
  lockedUntil: Date;
  acquiredAt: Date;
  /** For job leases: the last schedule tick that an instance claimed. */
  lastTick?: Date;
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
  trigger: 'schedule' | 'startup' | 'manual';
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
