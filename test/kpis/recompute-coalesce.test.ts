/**
 * `POST /v1/kpis/recompute` coalesces: however often a quarter is asked for at once, it
 * is computed at most twice (one computation that had begun reading, one queued behind
 * it that answers for every later request), never once per request. Raced over HTTP
 * against the real engine.
 */
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, seedRegion } from '../support/factories';
import { LocksRepository } from '../../src/repositories/locks.repository';
import { systemActor } from '../../src/services/actor';

describe('KPI recomputations coalesce', () => {
  let h: Harness;
  let cm: string;
  let locks: LocksRepository;
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
    await h.services.allocations.create(systemActor('cli', 'coalesce'), allocationInput('A'));
    cm = await h.bearer('contract_manager');
    locks = new LocksRepository(h.db.raw.col.locks);
  });
  afterAll(() => h.close());

  const ask = (reason: string) =>
    h.http.post('/v1/kpis/recompute').set('Authorization', cm).send({ quarter: '2026-Q2', reason });
  const recomputes = async () =>
    ((await h.db.raw.col.kpiQuarters.findOne({ _id: '2026-Q2' }))?.history ?? []).filter(
      (e) => e.trigger === 'recompute',
    ).length;

  test('twenty requests while the KPIs are being computed: one recomputation answers for all of them', async () => {
    // the nightly snapshot holds the KPIs: the first request's recomputation waits, queued
    const snapshot = (await locks.acquire('kpis:compute', 60_000, 0))!;
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(`Correctie ${i}.`)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    const ids = new Set(answers.map((a) => a.body.id as string));
    expect(ids.size).toBe(1);
    expect(new Set(answers.map((a) => a.headers.location))).toEqual(
      new Set([`/v1/kpis/recomputations/${[...ids][0]}`]),
    );
    const before = await recomputes();
    await snapshot.release();
    await h.services.kpiRecomputations.settled();
    const done = await h.http.get(answers[0]!.headers.location!).set('Authorization', cm);
    expect(done.body.status).toBe('succeeded');
    // every request's reason is on it: nobody's request was dropped
    expect([done.body.reason, ...done.body.joined.map((j: { reason: string }) => j.reason)].sort()).toEqual(
      Array.from({ length: 20 }, (_, i) => `Correctie ${i}.`).sort(),
    );
    expect((await recomputes()) - before).toBe(1);
  });

  test('twenty requests at once, nothing held: at most two computations, all answered', async () => {
    const before = await recomputes();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => ask(`Tweede ronde ${i}.`)));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(202));
    expect(new Set(answers.map((a) => a.body.id)).size).toBeLessThanOrEqual(2);
    await h.services.kpiRecomputations.settled();
    const computed = (await recomputes()) - before;
    expect(computed).toBeGreaterThanOrEqual(1);
    expect(computed).toBeLessThanOrEqual(2);
    for (const id of new Set(answers.map((a) => a.body.id as string)))
      expect((await h.http.get(`/v1/kpis/recomputations/${id}`).set('Authorization', cm)).body.status).toBe(
        'succeeded',
      );
  });
});
