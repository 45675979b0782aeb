import crypto from 'node:crypto';
import type { KpiRecomputationDoc } from '../../records';
import { errors, HttpError } from '../../errors';
import type { Logger } from '../../logger';
import type { LocksRepository } from '../../repositories/locks.repository';
import type { KpiRecomputationsRepository } from '../../repositories/kpi-recomputations.repository';
import { SYSTEM } from '../../policies/principal';
import type { Actor } from '../actor';
import type { KpisService } from './kpis.service';

/** How long a run's lock lasts unless renewed (every minute while it runs): a crashed run is taken up again after it. */
const RUN_TTL_MS = 3 * 60_000;
/** How long a run waits for another computation (the nightly snapshot) to finish before it gives up. */
const WAIT_FOR_COMPUTATION_MS = 30 * 60_000;
const RETRY_MS = 5_000;

/**
 * What a failed recomputation tells the person who asked: a rule's problem in its own
 * words, anything else (an engine's or a library's message is for the log) in the hub's.
 */
export function recomputationFailure(err: unknown, id: string): { title: string; detail: string } {
  if (err instanceof HttpError && err.status < 500) return { title: err.title, detail: err.detail };
  return {
    title: 'Computation failed',
    detail: `The computation stopped on an internal error; it is in the hub's log under recomputation ${id}. Try again later.`,
  };
}

/**
 * Recomputations run beside the request that asks for them: `request` stores one
 * queued and answers at once (202); the computation runs in this process under the
 * recomputation's lock and records how it ended. The stored request is the state: a
 * run cut short by a crash is taken up again by `resumeAbandoned` (at start-up and by
 * the daily sweep) once its lock has expired.
 */
export class KpiRecomputationsService {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly repo: KpiRecomputationsRepository,
    private readonly kpis: KpisService,
    private readonly locks: LocksRepository,
    private readonly clock: () => Date,
    private readonly logger?: Logger,
  ) {}

  /**
   * Queues a recomputation of a quarter (422 for a quarter that has not begun) and starts
   * it, or, while one of that quarter is queued (its computation not begun: it reads
   * the records only once it begins, so it answers for this request too), joins that one
   * and returns it (`coalesced`). One running already read the records before this
   * request: a new one is queued behind it. So a quarter has at most one recomputation
   * running and one queued, however often it is asked for; requests are taken one at a
   * time per quarter, across instances.
   */
  async request(
    actor: Actor,
    quarter: string,
    reason: string,
  ): Promise<{ recomputation: KpiRecomputationDoc; coalesced: boolean }> {
    this.kpis.assertComputable([quarter], this.clock());
    return this.locks.withLock(`kpi-recompute-request:${quarter}`, async () => {
      const queued = await this.repo.queuedFor(quarter);
      const joined =
        queued &&
        (await this.repo.joinIfQueued(queued._id, {
          by: actor.audit,
          requestId: actor.requestId,
          reason,
          at: this.clock(),
        }));
      if (joined) return { recomputation: joined, coalesced: true };
      return { recomputation: await this.queue(actor, quarter, reason), coalesced: false };
    });
  }

  private async queue(actor: Actor, quarter: string, reason: string): Promise<KpiRecomputationDoc> {
    const doc: KpiRecomputationDoc = {
      _id: `rc_${crypto.randomBytes(9).toString('base64url')}`,
      quarter,
      reason,
      requestedBy: {
        principal: actor.principal,
        audit: actor.audit,
        requestId: actor.requestId,
        sourceIp: actor.sourceIp,
      },
      requestedAt: this.clock(),
      status: 'queued',
      attempts: 0,
    };
    await this.repo.insertNew(doc);
    this.start(doc._id);
    return doc;
  }

  /** A recomputation by id, or 404. */
  async get(id: string): Promise<KpiRecomputationDoc> {
    const doc = await this.repo.findOne(id);
    if (!doc) throw errors.notFound('No such recomputation.');
    return doc;
  }

  /** Takes up recomputations left queued or running (a crash); returns how many it started. */
  async resumeAbandoned(): Promise<number> {
    const open: string[] = [];
    for await (const { _id } of this.repo.dangerousStreamUnfinished()) open.push(_id);
    for (const id of open) this.start(id);
    return open.length;
  }

  /** Resolves when every run this instance started has ended (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private start(id: string): void {
    const run = this.run(id)
      .catch((err: unknown) =>
        this.logger?.error({ err, recomputation: id }, 'KPI recomputation failed to record its outcome'),
      )
      .finally(() => this.running.delete(run));
    this.running.add(run);
  }

  private async run(id: string): Promise<void> {
    const lock = await this.locks.acquire(`kpi-recompute:${id}`, RUN_TTL_MS, 0);
    if (!lock) return; // running elsewhere
    try {
      const doc = await this.repo.findOne(id);
      if (!doc || doc.status === 'succeeded' || doc.status === 'failed') return;
      // queued until its computation holds the KPIs (it may wait for the nightly snapshot): requests join it till then
      await this.repo.countAttempt(id);
      // a recomputation the CLI or a job asked for before the system principal was stored says null
      const actor: Actor = { ...doc.requestedBy, principal: doc.requestedBy.principal ?? SYSTEM };
      const renewal = setInterval(() => {
        void lock.renew().catch(() => {});
      }, 60_000);
      renewal.unref();
      try {
        await this.compute(id, doc, actor);
      } finally {
        clearInterval(renewal);
      }
    } finally {
      await lock.release().catch(() => {});
    }
  }

  /** Computes, waiting while another computation (the nightly snapshot) holds the KPIs; records the outcome. */
  private async compute(id: string, doc: KpiRecomputationDoc, actor: Actor): Promise<void> {
    const deadline = Date.now() + WAIT_FOR_COMPUTATION_MS;
    for (;;) {
      try {
        const { quarter: _quarter, ...result } = await this.kpis.compute(doc.quarter, 'recompute', actor, {
          reason: doc.reason,
          onStart: async () => {
            await this.repo.startIfQueued(id, this.clock()); // (running already: taken up again after a crash)
          },
        });
        await this.repo.finish(id, { status: 'succeeded', finishedAt: this.clock(), result });
        return;
      } catch (err) {
        if (err instanceof HttpError && err.status === 409 && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, RETRY_MS));
          continue;
        }
        const error = recomputationFailure(err, id);
        this.logger?.error({ err, recomputation: id }, 'KPI recomputation failed');
        await this.repo.finish(id, { status: 'failed', finishedAt: this.clock(), error });
        return;
      }
    }
  }
}
