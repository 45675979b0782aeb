import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { errors, HttpError } from '../../errors';
import { canonicalJson } from '../../domain/canonical-json';
import type { IdempotencyDoc } from '../../records';
import type { IdempotencyRepository } from '../../repositories/idempotency.repository';
import type { LocksRepository } from '../../repositories/locks.repository';
import type { Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import type { BsnVault } from '../allocations/bsn-vault';

/** How long a claim stays ours without renewal; a crashed holder's claim is taken over after it. */
export const CLAIM_LEASE_MS = 15_000;

/** A stored final answer. */
export interface StoredAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/** A claim on a key held by this process: renew it while working, then complete or release it. */
export interface Claim {
  id: string;
  owner: string;
  /** Extends the lease; false when the claim is no longer ours (taken over, or completed). */
  renew(): Promise<boolean>;
}

export type ClaimResult = { claimed: Claim } | { existing: IdempotencyDoc };

/** What a request with a key gets: the key's stored answer to replay, or the key claimed for it to run. */
export type Acquired = { replay: StoredAnswer } | { claim: Claim; resuming: boolean };

/** How long a duplicate waits for the first request with its key before it is told to retry (409 with Retry-After). */
const WAIT_MS = 5_000;
/** Answers that say "not now" rather than "no": never stored, so a retry runs again. */
const TRANSIENT_PROBLEMS = new Set(['busy', 'request-in-progress', 'rate-limited', 'service-unavailable']);

/** True for an answer a retry must not get again: a 5xx, a 429, or a transient 409. */
function isTransient(status: number, problem?: string): boolean {
  return status >= 500 || status === 429 || (problem !== undefined && TRANSIENT_PROBLEMS.has(problem));
}

/** Who sent a key: keys are scoped to the caller's organisation (or its token). */
export interface KeyOwner {
  role: string;
  providerAgbCode?: string;
  teamCode?: string;
  tokenId: string;
}

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * The unkeyed digests the hub stored before; the keyed ones are keyed hashes of these,
 * so a stored record can be re-keyed without its request.
 */
function unkeyedRecordId(p: KeyOwner, key: string): string {
  return sha256(`${p.role}\n${p.providerAgbCode ?? p.teamCode ?? p.tokenId}\n${key}`);
}
function unkeyedFingerprint(method: string, path: string, body: unknown): string {
  return sha256(`${method} ${path}\n${canonicalJson(body)}`);
}

/**
 * Idempotency-Key claims with an owner and a lease (so a claim left by a crash is taken
 * over once its lease ends), final answers sealed with the vault key (a stored response
 * may hold a BSN or a token secret) and replays audited.
 */
export class IdempotencyService {
  constructor(
    private readonly repo: IdempotencyRepository,
    private readonly locks: LocksRepository,
    private readonly vault: BsnVault,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
    private readonly leaseMs = CLAIM_LEASE_MS,
  ) {}

  /** The stored record's id of a key: a keyed hash, scoped to the caller's organisation. */
  recordId(p: KeyOwner, key: string): string {
    return this.keyedId(unkeyedRecordId(p, key));
  }

  /**
   * The fingerprint of a request (method, path and body, key order ignored): a keyed
   * hash, since a body may hold a BSN and an unkeyed hash of it is a BSN in disguise
   * (some 10^8 valid numbers, the other fields stored in the clear).
   */
  fingerprint(method: string, path: string, body: unknown): string {
    return this.keyedFingerprint(unkeyedFingerprint(method, path, body));
  }

  private keyedId(unkeyed: string): string {
    return this.vault.keyedHash('idempotency-key', unkeyed);
  }

  private keyedFingerprint(unkeyed: string): string {
    return this.vault.keyedHash('idempotency-request', unkeyed);
  }

  /**
   * Re-keys the records stored before ids and fingerprints were keyed (their answers
   * resealed for the new id), so a retry still finds its answer and no unkeyed hash of
   * a body stays behind. Safe to run from several instances at once. Returns how many.
   */
  async rekeyUnkeyed(): Promise<number> {
    let done = 0;
    for (;;) {
      const batch = await this.repo.dangerousListUnkeyed(500);
      if (batch.length === 0) return done;
      for (const doc of batch) {
        const _id = this.keyedId(doc._id);
        const sealed = doc.sealed === undefined ? undefined : this.resealed(doc._id, _id, doc.sealed);
        await this.repo.replaceUnkeyed(doc._id, {
          ...doc,
          _id,
          requestHash: this.keyedFingerprint(doc.requestHash),
          keyed: true,
          ...(sealed === undefined ? {} : { sealed }),
        });
        done += 1;
      }
    }
  }

  /** A stored answer sealed for a new record id; one that does not open stays as it was (it never replays). */
  private resealed(fromId: string, toId: string, sealed: string): string {
    let opened: string;
    try {
      opened = this.vault.openFor(`idempotency:${fromId}`, sealed);
    } catch {
      return sealed;
    }
    return this.vault.sealFor(`idempotency:${toId}`, opened);
  }

  private claimOf(id: string, owner: string): Claim {
    return { id, owner, renew: () => this.repo.renew(id, owner, new Date(Date.now() + this.leaseMs)) };
  }

  /** Claims the key, or returns the record that holds it. */
  async claim(id: string, requestHash: string): Promise<ClaimResult> {
    const owner = crypto.randomUUID();
    const existing = await this.repo.claim({
      _id: id,
      requestHash,
      keyed: true,
      state: 'in_progress',
      owner,
      leaseUntil: new Date(Date.now() + this.leaseMs),
      attempt: 0,
      createdAt: this.clock(),
    });
    return existing ? { existing } : { claimed: this.claimOf(id, owner) };
  }

  /** True when an in-progress claim's holder has stopped renewing it (it crashed). */
  isAbandoned(doc: IdempotencyDoc): boolean {
    return doc.state === 'in_progress' && (!doc.leaseUntil || doc.leaseUntil.getTime() < Date.now());
  }

  /**
   * Takes over an abandoned claim. A lock named after the claim's attempt lets exactly
   * one of several retries in; the others see the new owner's lease and wait.
   */
  async takeOver(doc: IdempotencyDoc): Promise<Claim | null> {
    const attempt = (doc.attempt ?? 0) + 1;
    const lock = await this.locks.acquire(`idempotency:${doc._id}:${attempt}`, this.leaseMs, 0);
    if (!lock) return null;
    try {
      const current = await this.repo.get(doc._id);
      if (!current || !this.isAbandoned(current) || (current.attempt ?? 0) !== attempt - 1) return null;
      const owner = crypto.randomUUID();
      if (!(await this.repo.takeOver(doc._id, owner, new Date(Date.now() + this.leaseMs), attempt))) return null;
      return this.claimOf(doc._id, owner);
    } finally {
      await lock.release();
    }
  }

  /**
   * Stores the final answer, sealed and bound to this key, if the claim is still ours;
   * false when a retry took it over (its answer is the one kept).
   */
  async complete(claim: Claim, answer: StoredAnswer): Promise<boolean> {
    const sealed = this.vault.sealFor(
      `idempotency:${claim.id}`,
      JSON.stringify({ body: answer.body, headers: answer.headers }),
    );
    return this.repo.complete(claim.id, claim.owner, answer.status, sealed);
  }

  /** Gives the key back, so a retry runs the request again (taking over what this attempt stored). */
  release(claim: Claim): Promise<void> {
    return this.repo.release(claim.id, claim.owner);
  }

  /** The stored answer of a finished key, opened; the replay is audited like a read. */
  async replay(actor: Actor, doc: IdempotencyDoc, path: string): Promise<StoredAnswer> {
    let answer: StoredAnswer;
    if (doc.sealed) {
      const opened = JSON.parse(this.vault.openFor(`idempotency:${doc._id}`, doc.sealed)) as {
        body: unknown;
        headers: Record<string, string>;
      };
      answer = { status: doc.status ?? 200, body: opened.body, headers: opened.headers ?? {} };
    } else {
      answer = { status: doc.status ?? 200, body: doc.body, headers: doc.headers ?? {} };
    }
    await this.audit.record(actor, [
      { action: 'request.replay', objectType: 'request', objectId: answer.headers.location ?? path, clientRef: null },
    ]);
    return answer;
  }

  /**
   * The state machine of a request with a key: claim it (with an owner and a lease),
   * or, when it is held, by the same request (same fingerprint; another is 422
   * `idempotency-key-reused`): its stored answer to replay (audited as `replayer`);
   * a claim whose holder died taken over once its lease has ended (`resuming`: what the
   * cut-short attempt stored is this request's); otherwise wait for the holder, polling,
   * and after WAIT_MS a 409 `request-in-progress` with Retry-After.
   */
  async acquire(id: string, requestHash: string, replayer: Actor, path: string): Promise<Acquired> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const result = await this.claim(id, requestHash);
      if ('claimed' in result) return { claim: result.claimed, resuming: false };
      const existing = result.existing;
      if (existing.requestHash !== requestHash) throw errors.idempotencyKeyReused();
      if (existing.state === 'done') return { replay: await this.replay(replayer, existing, path) };
      if (this.isAbandoned(existing)) {
        const claim = await this.takeOver(existing);
        if (claim) return { claim, resuming: true };
      }
      if (Date.now() > deadline)
        throw errors.conflict(
          'request-in-progress',
          'A request with this Idempotency-Key is still being processed; retry in a moment.',
          { headers: { 'Retry-After': '1' } },
        );
      await sleep(50);
    }
  }

  /**
   * Renews a claim's lease while its request works; the returned function stops and
   * awaits the renewals (chained, so none lands after the answer is stored; each is
   * conditioned on the claim's owner anyway).
   */
  keepAlive(claim: Claim): () => Promise<void> {
    let renewing: Promise<unknown> = Promise.resolve();
    const renewal = setInterval(() => {
      renewing = renewing.then(() => claim.renew()).catch(() => undefined);
    }, this.leaseMs / 3);
    renewal.unref();
    return async () => {
      clearInterval(renewal);
      await renewing;
    };
  }

  /** Settles a claim with its request's answer: stored for replays, or, for a "not now" (5xx, 429, busy), the key released so a retry runs again. */
  async settle(claim: Claim, answer: StoredAnswer, problem?: string): Promise<void> {
    if (isTransient(answer.status, problem)) await this.release(claim);
    else await this.complete(claim, answer);
  }

  /** Settles a claim with the error its request threw: a problem the retry must get again stored, any other released. */
  async settleError(claim: Claim, err: unknown, instance: string): Promise<void> {
    if (!(err instanceof HttpError)) return this.release(claim);
    await this.settle(
      claim,
      {
        status: err.status,
        body: err.toProblem(instance),
        headers: { 'content-type': 'application/problem+json', ...err.extras.headers },
      },
      err.id,
    );
  }

  /** Deletes answers and abandoned claims older than `before`. */
  dangerousDeleteOlderThan(before: Date): Promise<number> {
    return this.repo.dangerousDeleteOlderThan(before);
  }
}
