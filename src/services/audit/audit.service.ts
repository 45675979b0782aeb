import crypto from 'node:crypto';
import type { AuditEventDoc } from '../../records';
import {
  seqId,
  type AuditEventFilters,
  type AuditRepository,
  type ChainHead,
} from '../../repositories/audit.repository';
import type { Actor } from '../actor';

/** What the audit trail records of whoever acted. */
export type AuditedActor = Pick<Actor, 'audit' | 'requestId' | 'sourceIp'>;

/** The hash before the first event. */
export const GENESIS_HASH = '0'.repeat(64);
const BATCH = 500;

/** What is being recorded: an action on an object, about a client (by reference). */
export interface AuditEntry {
  action: string;
  objectType: string;
  objectId: string;
  clientRef: string | null;
}

/** The result of verifying the chain: fine, or the first event that is wrong and why. */
export type VerifyResult =
  | { ok: true; events: number; lastHash: string; lastSeq: number; legacyEvents: number }
  | { ok: false; events: number; firstBadSeq: number; problem: string };

/** The hash of an event: over its fields in a fixed order, including the previous hash; HMAC-SHA256 with the audit key, or plain SHA-256 for events from before keying. */
export function hashEvent(e: Omit<AuditEventDoc, 'hash'>, key?: Buffer): string {
  const fields = [
    e._id,
    e.at.toISOString(),
    e.action,
    e.objectType,
    e.objectId,
    e.clientRef,
    e.actor.tokenId,
    e.actor.role,
    e.actor.organisation,
    e.actor.label,
    e.requestId,
    e.sourceIp,
    e.prevHash,
  ];
  if (e.alg === 'hmac') {
    if (!key) throw new Error('a keyed audit event needs the audit key');
    return (
      crypto
        .createHmac('sha256', key)
        // who issued the acting token is kept since issue 27: in the hash where there is one
        .update(JSON.stringify([...fields, 'hmac', ...(e.actor.createdBy ? ['createdBy', e.actor.createdBy] : [])]))
        .digest('hex')
    );
  }
  return crypto.createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

/** The audit chain's key: derived from the BSN key (kept outside the database), apart from its other uses. */
export function auditKeyFrom(bsnKey: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', bsnKey, 'youthcare-hub', 'audit-chain-v1', 32));
}

/** A point of the chain stored elsewhere (`hub audit checkpoint`): `<seq>:<hash>`. */
export interface Checkpoint {
  seq: number;
  hash: string;
}

/** Reads a checkpoint written as `<seq>:<hash>`; null when malformed. */
export function parseCheckpoint(text: string): Checkpoint | null {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]! } : null;
}

/** The head hint moves at least every this many events, or this often. */
const HINT_EVERY = 100;
const HINT_MS = 1000;

/** Filters of the audit trail (validated by audit-event-query.v1.json). */
export type { AuditEventFilters } from '../../repositories/audit.repository';

/**
 * The NEN 7513 style audit trail: append-only and hash-chained with a key kept outside
 * the database (HMAC-SHA256). Each event holds the MAC of the one before, so altering,
 * removing or reordering events breaks the chain, and without the key nobody can
 * write a chain that verifies; cutting the tail is caught against a checkpoint
 * exported earlier (`hub audit checkpoint`).
 * Appends are optimistic: a unique sequence number (`_id`) decides who gets a slot.
 */
export class AuditService {
  /** Events waiting for the appender, each with the request that waits for them. */
  private queue: { actor: AuditedActor; entries: AuditEntry[]; done: (err?: Error) => void }[] = [];
  private appending = false;
  /** Where this instance's last append ended the chain (null: read the hint), and when it last moved the hint. */
  private head: ChainHead | null = null;
  private hinted = { seq: -1, at: 0 };

  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: () => Date,
    private readonly key: Buffer,
  ) {}

  /**
   * Records events for one actor, in order, and resolves once they are stored. One
   * appender per instance writes whatever requests queued meanwhile as one piece of
   * the chain (group commit): concurrent requests do not race each other for the next
   * sequence number, and each batch costs one insert (the head hint moves every
   * HINT_EVERY events or HINT_MS).
   */
  record(actor: AuditedActor, entries: AuditEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.queue.push({ actor, entries, done: (err) => (err ? reject(err) : resolve()) });
      void this.drain();
    });
  }

  /** Records that the actor read these records (each an object of `objectType`, about its client). */
  recordReads(
    actor: AuditedActor,
    action: string,
    objectType: string,
    records: readonly { id: string; clientRef: string | null }[],
  ): Promise<void> {
    return this.record(
      actor,
      records.map((r) => ({ action, objectType, objectId: r.id, clientRef: r.clientRef })),
    );
  }

  private async drain(): Promise<void> {
    if (this.appending) return;
    this.appending = true;
    try {
      while (this.queue.length > 0) {
        const waiting = this.queue;
        this.queue = [];
        try {
          await this.append(waiting.flatMap(({ actor, entries }) => entries.map((entry) => ({ actor, entry }))));
          for (const w of waiting) w.done();
        } catch (err) {
          this.head = null; // read the hint again next time
          for (const w of waiting) w.done(err instanceof Error ? err : new Error(String(err)));
        }
      }
    } finally {
      this.appending = false;
    }
  }

  /**
   * Appends events after the head. Appends are optimistic across instances: an
   * insert that collides (another instance took the slot) re-reads the hint, or walks
   * forward from it when it lags (a writer died between insert and hint update).
   */
  private async append(items: { actor: AuditedActor; entry: AuditEntry }[]): Promise<void> {
    // the head this instance left is where the chain ends unless another instance appended
    // since: then the insert collides and the hint (or a walk from it) tells the true end
    let head = this.head ?? (await this.repo.readHeadHint()) ?? { seq: 0, hash: GENESIS_HASH };
    let pending = items;
    const at = this.clock();
    while (pending.length > 0) {
      const docs: AuditEventDoc[] = [];
      let prev = head;
      for (const { actor, entry } of pending.slice(0, BATCH)) {
        const base = {
          _id: seqId(prev.seq + 1),
          at,
          ...entry,
          actor: actor.audit,
          requestId: actor.requestId,
          sourceIp: actor.sourceIp,
          prevHash: prev.hash,
          alg: 'hmac' as const,
        };
        const doc = { ...base, hash: hashEvent(base, this.key) };
        docs.push(doc);
        prev = { seq: prev.seq + 1, hash: doc.hash };
      }
      const inserted = await this.repo.insertChain(docs);
      pending = pending.slice(inserted);
      const last = docs[inserted - 1];
      if (last) head = { seq: Number(last._id), hash: last.hash };
      if (inserted < docs.length) {
        const hint = await this.repo.readHeadHint();
        head = hint && hint.seq > head.seq ? hint : await this.walkForward(head);
      }
    }
    this.head = head;
    // the hint only shortens the walk to the end for a restart or another instance: it is
    // moved every HINT_EVERY events or HINT_MS, not on every append
    if (head.seq - this.hinted.seq >= HINT_EVERY || Date.now() - this.hinted.at >= HINT_MS) {
      await this.repo.advanceHeadHint(head);
      this.hinted = { seq: head.seq, at: Date.now() };
    }
  }

  private async walkForward(from: ChainHead): Promise<ChainHead> {
    let head = from;
    for (;;) {
      const next = await this.repo.findBySeq(head.seq + 1);
      if (!next) return head;
      head = { seq: Number(next._id), hash: next.hash };
    }
  }

  /** The whole trail (an admin's read), newest first, matching the filters, before a sequence number (the cursor). */
  dangerousPageAll(filters: AuditEventFilters, limit: number, beforeSeq?: number): Promise<AuditEventDoc[]> {
    return this.repo.dangerousPageAll(filters, limit, beforeSeq);
  }

  /** The chain's head now, as a checkpoint to store outside the hub. */
  async checkpoint(): Promise<Checkpoint> {
    const hint = (await this.repo.readHeadHint()) ?? { seq: 0, hash: GENESIS_HASH };
    return this.walkForward(hint);
  }

  /**
   * Checks the whole chain in one pass: every sequence number present up to the head,
   * every event's MAC matching its content, every prevHash matching its predecessor,
   * no unkeyed event after a keyed one, and (given a checkpoint) the checkpoint's event
   * still there with its hash. Reports the first event that fails. Events are read in
   * storage order; a small buffer puts any out of sequence back in order.
   *
   * Unkeyed events at the start of the chain (written before it was keyed) are accepted
   * only when the caller names their number (`acceptUnkeyed`, noted at the upgrade):
   * anyone with write access to the database can rewrite a whole chain as unkeyed
   * events, and nothing inside the database can tell that from an old trail.
   */
  async verify(
    onProgress?: (checked: number) => void,
    checkpoint?: Checkpoint,
    acceptUnkeyed = 0,
  ): Promise<VerifyResult> {
    const hint = await this.repo.readHeadHint();
    const waiting = new Map<number, AuditEventDoc>();
    let prev: ChainHead = { seq: 0, hash: GENESIS_HASH };
    let legacy = 0;
    let keyed = false;
    for await (const doc of this.repo.dangerousStreamAll()) {
      waiting.set(Number(doc._id), doc);
      for (let next = waiting.get(prev.seq + 1); next; next = waiting.get(prev.seq + 1)) {
        waiting.delete(prev.seq + 1);
        const seq = prev.seq + 1;
        const { hash, ...rest } = next;
        if (rest.alg === 'hmac') keyed = true;
        else if (keyed)
          return {
            ok: false,
            events: prev.seq,
            firstBadSeq: seq,
            problem: 'an unkeyed event after keyed ones (rewritten without the key)',
          };
        else legacy += 1;
        if (hashEvent(rest, this.key) !== hash)
          return {
            ok: false,
            events: prev.seq,
            firstBadSeq: seq,
            problem: 'content does not match its hash (altered, or written without the audit key)',
          };
        if (next.prevHash !== prev.hash)
          return {
            ok: false,
            events: prev.seq,
            firstBadSeq: seq,
            problem: 'does not follow the event before it (reordered or replaced)',
          };
        if (checkpoint && seq === checkpoint.seq && hash !== checkpoint.hash)
          return {
            ok: false,
            events: prev.seq,
            firstBadSeq: seq,
            problem: 'differs from the checkpoint (the chain was rewritten from here or before)',
          };
        prev = { seq, hash };
        if (seq % 10_000 === 0) onProgress?.(seq);
      }
    }
    if (waiting.size > 0 || (hint && hint.seq > prev.seq)) {
      return { ok: false, events: prev.seq, firstBadSeq: prev.seq + 1, problem: 'event is missing (removed)' };
    }
    if (checkpoint && checkpoint.seq > prev.seq) {
      return {
        ok: false,
        events: prev.seq,
        firstBadSeq: prev.seq + 1,
        problem: `the chain ends before the checkpoint's event ${checkpoint.seq} (its tail was cut)`,
      };
    }
    if (legacy > 0 && legacy !== acceptUnkeyed) {
      return {
        ok: false,
        events: 0,
        firstBadSeq: 1,
        problem:
          `the first ${legacy} events are not keyed: written before the chain was keyed, or the chain was rewritten ` +
          `without the key (a downgrade)` +
          (acceptUnkeyed > 0
            ? `; ${acceptUnkeyed} were accepted as written before the upgrade`
            : `; if the trail held exactly ${legacy} events when the upgrade keyed it, verify with --accept-unkeyed ${legacy}`),
      };
    }
    return { ok: true, events: prev.seq, lastHash: prev.hash, lastSeq: prev.seq, legacyEvents: legacy };
  }
}
