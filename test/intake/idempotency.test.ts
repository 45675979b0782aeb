import { systemActor } from '../../src/services/actor';
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, evaluationInput, seedRegion, tokensFor } from '../support/factories';

describe('Idempotency-Key', () => {
  let h: Harness;
  let t: Awaited<ReturnType<typeof tokensFor>>;
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
    t = await tokensFor(h);
    h.clock.set('2026-05-10T09:00:00Z');
  });
  afterAll(() => h.close());

  const allocation = async () => {
    const input = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    return input.allocationNumber;
  };
  const post = (key: string, body: object, token = t.providerA) => h.http.post('/v1/evaluations').set('Authorization', token).set('Idempotency-Key', key).send(body);

  test('a replay returns the first answer (status, body, Location) and creates nothing new', async () => {
    const body = evaluationInput(await allocation(), '2026-02-01', '2026-04-30');
    const first = await post('key-replay-1', body);
    const again = await post('key-replay-1', body);
    expect(first.status).toBe(201);
    expect({ status: again.status, body: again.body, location: again.headers.location }).toEqual({ status: 201, body: first.body, location: first.headers.location });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await h.db.database.col.evaluations.countDocuments({ allocationNumber: body.allocationNumber })).toBe(1);
  });

  test('the same key with a different body is 422 idempotency-key-reused; key order does not matter', async () => {
    const n = await allocation();
    const body = evaluationInput(n, '2026-02-01', '2026-04-30');
    await post('key-reuse-1', body);
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    expect((await post('key-reuse-1', reordered)).status).toBe(201);
    const other = await post('key-reuse-1', { ...body, isClosing: true });
    expect(other.body).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
  });

  test('a refused request is replayed as refused (same 422), and changes nothing', async () => {
    const bad = { ...evaluationInput(await allocation(), '2026-02-01', '2026-04-30'), formVersion: '9.9' };
    const first = await post('key-refused-1', bad);
    const again = await post('key-refused-1', bad);
    expect(first.status).toBe(422);
    expect(again.body).toEqual(first.body);
  });

  test('keys are per organisation: another provider using the same key runs its own request', async () => {
    const mine = evaluationInput(await allocation(), '2026-02-01', '2026-04-30');
    await post('shared-key', mine);
    const theirs = await post('shared-key', mine, t.providerB);
    expect(theirs.body).toMatchObject({ status: 422, type: '/problems/unknown-allocation' });
  });

  test('20 identical requests in parallel: exactly one record, 20 identical answers', async () => {
    const body = evaluationInput(await allocation(), '2026-02-01', '2026-04-30');
    const answers = await Promise.all(Array.from({ length: 20 }, () => post('key-concurrent-1', body)));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([201]));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await h.db.database.col.evaluations.countDocuments({ allocationNumber: body.allocationNumber })).toBe(1);
    const creates = await h.db.database.col.auditEvents.countDocuments({ action: 'evaluation.create', objectId: answers[0]!.body.id });
    expect(creates).toBe(1);
  });

  test('a malformed key is 400', async () => {
    const res = await h.http.post('/v1/evaluations').set('Authorization', t.providerA).set('Idempotency-Key', 'spaces are not allowed').send({});
    expect(res.body).toMatchObject({ status: 400, type: '/problems/invalid-idempotency-key' });
  });
});
