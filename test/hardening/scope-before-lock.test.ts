import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, type RegionTokens, regionHarness } from '../support/factories';

describe('one tenant cannot hold up another: scope is checked before the allocation lock', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    h.clock.set('2026-05-10T09:00:00Z');
  });
  afterAll(() => h.close());

  test("provider B naming A's allocation takes no lock: A's submission is not delayed and B gets the not-yours answer", async () => {
    const input = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    const n = input.allocationNumber;
    const locks = h.db.raw.col.locks;
    let sawLock = false;
    const probe = setInterval(() => {
      void locks.findOne({ _id: `allocation:${n}` }).then((l) => {
        if (l) sawLock = true;
      });
    }, 2);
    try {
      const intruders = await Promise.all([
        h.http
          .post('/v1/evaluations')
          .set('Authorization', t.providerB)
          .send(evaluationInput(n, '2026-02-01', '2026-04-30')),
        h.http
          .post('/v1/extension-requests')
          .set('Authorization', t.providerB)
          .send({ allocationNumber: n, requestedEndDate: '2027-06-30', reasoning: 'Doelen nog niet bereikt.' }),
        h.http.patch(`/v1/allocations/${n}`).set('Authorization', t.consultantB).send({ careStartDate: '2026-03-01' }),
      ]);
      expect(intruders.map((r) => r.body.type)).toEqual([
        '/problems/unknown-allocation',
        '/problems/unknown-allocation',
        '/problems/not-found',
      ]);
    } finally {
      clearInterval(probe);
    }
    expect(sawLock).toBe(false);
    // while someone holds the lock, an intruder is answered at once instead of waiting for it
    const held = await h.services.allocations.withAllocationLock(n, async () => {
      const started = Date.now();
      const res = await h.http
        .post('/v1/evaluations')
        .set('Authorization', t.providerB)
        .send(evaluationInput(n, '2026-02-01', '2026-04-30'));
      return { status: res.status, ms: Date.now() - started };
    });
    expect(held.status).toBe(422);
    expect(held.ms).toBeLessThan(5000);
    const own = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(n, '2026-02-01', '2026-04-30'));
    expect(own.status).toBe(201);
  });
});
