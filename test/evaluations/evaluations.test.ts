import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, regionHarness, type RegionTokens } from '../support/factories';

describe('evaluation reports', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => ({ h, t } = await regionHarness()));
  afterAll(() => h.close());

  const newAllocation = async (tenant: 'A' | 'B' = 'A') => {
    const input = allocationInput(tenant);
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    return input.allocationNumber;
  };
  const submit = (token: string, body: object) => h.http.post('/v1/evaluations').set('Authorization', token).send(body);

  test('a provider submits a report for its allocation; it is stored with its due date and timeliness', async () => {
    const n = await newAllocation();
    h.clock.set('2026-05-10T09:00:00Z');
    const res = await submit(
      t.providerA,
      evaluationInput(n, '2026-02-01', '2026-04-30', { meetingDate: '2026-04-28' }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/evaluations/ev_${n}_2026-02-01_2026-04-30_r0`);
    expect(res.body).toMatchObject({
      id: `ev_${n}_2026-02-01_2026-04-30_r0`,
      status: 'current',
      revision: 0,
      dueDate: '2026-04-30',
      onTime: true,
      providerAgbCode: '11111111',
    });
    const allocation = await h.db.raw.col.allocations.findOne({ _id: n });
    expect(allocation!.evaluations).toMatchObject({
      count: 1,
      latestPeriodEnd: '2026-04-30',
      latestResidence: 'home',
      latestCaseDirection: 'parents',
      latestIsClosing: false,
    });

    h.clock.set('2026-08-20T09:00:00Z'); // the next one (due 2026-07-31) comes after the 14 grace days
    const late = await submit(t.providerA, evaluationInput(n, '2026-05-01', '2026-07-31'));
    expect(late.body).toMatchObject({ dueDate: '2026-07-31', onTime: false });
  });

  test('one report per allocation and period; overlapping periods are refused; a correction supersedes and both are kept', async () => {
    const n = await newAllocation();
    h.clock.set('2026-05-10T09:00:00Z');
    const first = await submit(t.providerA, evaluationInput(n, '2026-02-01', '2026-04-30'));
    const again = await submit(
      t.providerA,
      evaluationInput(n, '2026-02-01', '2026-04-30', { advice: { recommendation: 'close', reasoning: 'Klaar.' } }),
    );
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ type: '/problems/duplicate', evaluationId: first.body.id });
    const overlap = await submit(t.providerA, evaluationInput(n, '2026-04-01', '2026-04-30'));
    expect(overlap.body).toMatchObject({ status: 409, type: '/problems/period-overlaps' });

    const correction = await submit(
      t.providerA,
      evaluationInput(n, '2026-02-01', '2026-04-30', { supersedes: first.body.id, residence: { type: 'unknown' } }),
    );
    expect(correction.status).toBe(201);
    expect(correction.body).toMatchObject({
      revision: 1,
      supersedes: first.body.id,
      status: 'current',
      residence: { type: 'unknown' },
    });
    const old = await h.http.get(`/v1/evaluations/${first.body.id}`).set('Authorization', t.providerA);
    expect(old.body).toMatchObject({ status: 'superseded', supersededBy: correction.body.id });
    expect((await h.db.raw.col.allocations.findOne({ _id: n }))!.evaluations).toMatchObject({
      count: 1,
      latestId: correction.body.id,
      latestResidence: 'unknown',
    });
    const twice = await submit(
      t.providerA,
      evaluationInput(n, '2026-02-01', '2026-04-30', { supersedes: first.body.id }),
    );
    expect(twice.body).toMatchObject({ status: 409, type: '/problems/already-superseded' });
  });

  test('the period must lie within the allocation and the meeting may not be in the future', async () => {
    const n = await newAllocation();
    h.clock.set('2026-03-01T09:00:00Z');
    const res = await submit(
      t.providerA,
      evaluationInput(n, '2026-01-01', '2027-02-01', { meetingDate: '2026-12-01' }),
    );
    expect(res.status).toBe(422);
    expect(res.body.type).toBe('/problems/evaluation-rules');
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/meetingDate',
      '/periodEnd',
      '/periodStart',
    ]);
  });

  test("another provider's allocation, or one that does not exist, gives the same 422: nothing is revealed", async () => {
    const theirs = await newAllocation('B');
    h.clock.set('2026-05-10T09:00:00Z');
    const other = await submit(t.providerA, evaluationInput(theirs, '2026-02-01', '2026-04-30'));
    const missing = await submit(t.providerA, evaluationInput('TW-NOPE-1', '2026-02-01', '2026-04-30'));
    expect(other.status).toBe(422);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined });
    expect(strip(other.body)).toEqual(strip(missing.body));
    expect(other.body.errors).toEqual([
      { path: '/allocationNumber', message: 'no allocation with this number in your scope' },
    ]);
    expect(await h.db.raw.col.evaluations.countDocuments({ allocationNumber: theirs })).toBe(0);
  });

  test('consultants and admins may read but not submit; providers read their own and filter', async () => {
    const n = await newAllocation();
    h.clock.set('2026-05-10T09:00:00Z');
    expect((await submit(t.consultantA, evaluationInput(n, '2026-02-01', '2026-04-30'))).status).toBe(403);
    const created = await submit(t.providerA, evaluationInput(n, '2026-02-01', '2026-04-30'));
    const byTeam = await h.http.get(`/v1/evaluations?allocationNumber=${n}`).set('Authorization', t.consultantA);
    expect(byTeam.body.items.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
    expect((await h.http.get(`/v1/evaluations/${created.body.id}`).set('Authorization', t.consultantB)).status).toBe(
      404,
    );
    expect(
      (await h.http.get(`/v1/evaluations?allocationNumber=${n}`).set('Authorization', t.providerB)).body.items,
    ).toEqual([]);
    const period = await h.http
      .get('/v1/evaluations?periodFrom=2026-04-30&periodTo=2026-04-30&status=current')
      .set('Authorization', t.providerA);
    expect(period.body.items.length).toBeGreaterThan(0);
    expect(
      period.body.items.every(
        (e: { periodEnd: string; status: string }) => e.periodEnd === '2026-04-30' && e.status === 'current',
      ),
    ).toBe(true);
    expect(
      (await h.http.get(`/v1/evaluations/${created.body.id}`).set('Authorization', t.contractManager)).status,
    ).toBe(403);
  });

  test('every read and write of a report is audited with the client reference', async () => {
    const n = await newAllocation();
    h.clock.set('2026-05-10T09:00:00Z');
    const created = await submit(t.providerA, evaluationInput(n, '2026-02-01', '2026-04-30'));
    await h.http.get(`/v1/evaluations/${created.body.id}`).set('Authorization', t.consultantA);
    const events = await h.db.raw.col.auditEvents.find({ objectId: created.body.id }).toArray();
    expect(events.map((e) => [e.action, e.actor.role])).toEqual([
      ['evaluation.create', 'provider'],
      ['evaluation.read', 'consultant'],
    ]);
    const allocation = await h.db.raw.col.allocations.findOne({ _id: n });
    expect(events.every((e) => e.clientRef === allocation!.client.ref)).toBe(true);
  });
});
