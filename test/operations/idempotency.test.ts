import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { errors } from '../../src/errors';
import { idempotent } from '../../src/middlewares/idempotency';
import { systemActor } from '../../src/services/actor';
import { fictionalBsn } from '../../src/domain/test-bsns';
import { TEST_BSN_KEY, type Harness } from '../support/harness';
import { BsnVault } from '../../src/services/allocations/bsn-vault';
import { canonicalJson } from '../../src/domain/canonical-json';
import { allocationInput, evaluationInput, type RegionTokens, regionHarness } from '../support/factories';

describe('Idempotency-Key', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    h.clock.set('2026-05-10T09:00:00Z');
  });
  afterAll(() => h.close());

  const allocation = async () => {
    const input = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    return input.allocationNumber;
  };
  const post = (key: string, body: object, token = t.providerA) =>
    h.http.post('/v1/evaluations').set('Authorization', token).set('Idempotency-Key', key).send(body);

  test('a replay returns the first answer (status, body, Location) and creates nothing new', async () => {
    const body = evaluationInput(await allocation(), '2026-02-01', '2026-04-30');
    const first = await post('key-replay-1', body);
    const again = await post('key-replay-1', body);
    expect(first.status).toBe(201);
    expect({ status: again.status, body: again.body, location: again.headers.location }).toEqual({
      status: 201,
      body: first.body,
      location: first.headers.location,
    });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await h.db.raw.col.evaluations.countDocuments({ allocationNumber: body.allocationNumber })).toBe(1);
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
    expect(await h.db.raw.col.evaluations.countDocuments({ allocationNumber: body.allocationNumber })).toBe(1);
    const creates = await h.db.raw.col.auditEvents.countDocuments({
      action: 'evaluation.create',
      objectId: answers[0]!.body.id,
    });
    expect(creates).toBe(1);
  });

  test('a malformed key is 400', async () => {
    const res = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .set('Idempotency-Key', 'spaces are not allowed')
      .send({});
    expect(res.body).toMatchObject({ status: 400, type: '/problems/invalid-idempotency-key' });
  });

  test('a claim left in progress by a crash is taken over once its lease ends: the retry runs, once', async () => {
    const body = evaluationInput(await allocation(), '2026-02-01', '2026-04-30');
    const id = h.services.idempotency.recordId(
      { role: 'provider', providerAgbCode: '11111111', tokenId: 'x' },
      'key-crashed-1',
    );
    // What a process killed right after claiming leaves behind: in progress, lease run out.
    await h.db.raw.col.idempotencyKeys.insertOne({
      _id: id,
      requestHash: h.services.idempotency.fingerprint('POST', '/v1/evaluations', body),
      state: 'in_progress',
      owner: 'dead-process',
      leaseUntil: new Date(Date.now() - 1000),
      attempt: 0,
      createdAt: h.clock.now(),
    });
    const started = Date.now();
    const answers = await Promise.all([
      post('key-crashed-1', body),
      post('key-crashed-1', body),
      post('key-crashed-1', body),
    ]);
    expect(Date.now() - started).toBeLessThan(10_000); // taken over, not waited out
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await h.db.raw.col.evaluations.countDocuments({ allocationNumber: body.allocationNumber })).toBe(1);
    expect(await h.db.raw.col.idempotencyKeys.findOne({ _id: id })).toMatchObject({
      state: 'done',
      status: 201,
      attempt: 1,
    });
  });

  test('a claim whose holder is alive (lease running) is not taken over: the duplicate waits', async () => {
    const body = evaluationInput(await allocation(), '2026-02-01', '2026-04-30');
    const id = h.services.idempotency.recordId(
      { role: 'provider', providerAgbCode: '11111111', tokenId: 'x' },
      'key-alive-1',
    );
    await h.db.raw.col.idempotencyKeys.insertOne({
      _id: id,
      requestHash: h.services.idempotency.fingerprint('POST', '/v1/evaluations', body),
      state: 'in_progress',
      owner: 'live-process',
      leaseUntil: new Date(Date.now() + 2500),
      attempt: 0,
      createdAt: h.clock.now(),
    });
    const started = Date.now();
    const res = await post('key-alive-1', body);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // waited for the lease to run out
    expect(res.status).toBe(201);
  });

  test('stored answers are sealed: no BSN in the stored record, the replay is whole and audited', async () => {
    const input = allocationInput('A', { client: { bsn: fictionalBsn(9001), birthDate: '2012-03-14' } });
    const create = () =>
      h.http
        .post('/v1/allocations')
        .set('Authorization', t.consultantA)
        .set('Idempotency-Key', 'key-sealed-1')
        .send(input);
    const first = await create();
    expect(first.status).toBe(201);
    expect(JSON.stringify(first.body)).toContain(input.client.bsn);
    const stored = await h.db.raw.col.idempotencyKeys.findOne({
      _id: h.services.idempotency.recordId({ role: 'consultant', teamCode: 'TEAM-A', tokenId: 'x' }, 'key-sealed-1'),
    });
    expect(stored).toMatchObject({ state: 'done', status: 201, sealed: expect.stringMatching(/^v1\./) });
    expect(stored!.body).toBeUndefined();
    expect(JSON.stringify(stored)).not.toContain(input.client.bsn);
    const again = await create();
    expect({ status: again.status, body: again.body, replayed: again.headers['idempotent-replayed'] }).toEqual({
      status: 201,
      body: first.body,
      replayed: 'true',
    });
    expect(
      await h.db.raw.col.auditEvents.countDocuments({ action: 'request.replay', objectId: first.headers.location }),
    ).toBe(1);
  });

  const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

  test('no unkeyed hash of a request is stored: hashing candidate bodies does not find the BSN', async () => {
    const input = allocationInput('A', { client: { bsn: fictionalBsn(9002), birthDate: '2012-03-14' } });
    const res = await h.http
      .post('/v1/allocations')
      .set('Authorization', t.consultantA)
      .set('Idempotency-Key', 'key-unkeyed-1')
      .send(input);
    expect(res.status).toBe(201);
    // what someone with the database (and without the key) would try: the body with each candidate BSN
    const unkeyedBody = sha256(`POST /v1/allocations\n${canonicalJson(input)}`);
    const unkeyedId = sha256('consultant\nTEAM-A\nkey-unkeyed-1');
    const stored = await h.db.raw.col.idempotencyKeys.findOne({
      _id: h.services.idempotency.recordId({ role: 'consultant', teamCode: 'TEAM-A', tokenId: 'x' }, 'key-unkeyed-1'),
    });
    expect(stored).toMatchObject({ state: 'done', keyed: true });
    expect(stored!.requestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(unkeyedBody);
    expect(await h.db.raw.col.idempotencyKeys.countDocuments({ _id: unkeyedId })).toBe(0);
    expect(await h.db.raw.col.idempotencyKeys.countDocuments({ requestHash: unkeyedBody })).toBe(0);
  });

  test('records an older hub stored with unkeyed hashes are re-keyed, and a retry still gets its answer', async () => {
    const vault = new BsnVault(TEST_BSN_KEY);
    const bodies = [1, 2].map(async () => evaluationInput(await allocation(), '2026-02-01', '2026-04-30'));
    const [plainBody, sealedBody] = await Promise.all(bodies);
    const unkeyedId = (key: string) => sha256(`provider\n11111111\n${key}`);
    const unkeyedHash = (body: object) => sha256(`POST /v1/evaluations\n${canonicalJson(body)}`);
    // as the hub stored them before: one answer in the clear, one sealed for the unkeyed id
    await h.db.raw.col.idempotencyKeys.insertMany([
      {
        _id: unkeyedId('key-old-plain'),
        requestHash: unkeyedHash(plainBody!),
        state: 'done',
        status: 201,
        body: { stored: 'plain' },
        headers: { location: '/v1/evaluations/old-plain' },
        createdAt: h.clock.now(),
      },
      {
        _id: unkeyedId('key-old-sealed'),
        requestHash: unkeyedHash(sealedBody!),
        state: 'done',
        status: 201,
        sealed: vault.sealFor(
          `idempotency:${unkeyedId('key-old-sealed')}`,
          JSON.stringify({ body: { stored: 'sealed' }, headers: { location: '/v1/evaluations/old-sealed' } }),
        ),
        createdAt: h.clock.now(),
      },
      {
        // an answer that does not open (sealed for another record): re-keyed as it is, it never stops the others
        _id: unkeyedId('key-old-unopenable'),
        requestHash: unkeyedHash({ other: true }),
        state: 'done',
        status: 201,
        sealed: vault.sealFor('idempotency:someone-else', '{}'),
        createdAt: h.clock.now(),
      },
    ]);
    // two instances starting at once
    const counts = await Promise.all([h.services.idempotency.rekeyUnkeyed(), h.services.idempotency.rekeyUnkeyed()]);
    expect(counts[0] + counts[1]).toBeGreaterThanOrEqual(3);
    expect(await h.db.raw.col.idempotencyKeys.countDocuments({ keyed: { $exists: false } })).toBe(0);
    expect(
      await h.db.raw.col.idempotencyKeys.countDocuments({
        _id: { $in: [unkeyedId('key-old-plain'), unkeyedId('key-old-sealed')] },
      }),
    ).toBe(0);
    const plain = await post('key-old-plain', plainBody!);
    const sealed = await post('key-old-sealed', sealedBody!);
    expect([plain.status, plain.body, plain.headers['idempotent-replayed']]).toEqual([
      201,
      { stored: 'plain' },
      'true',
    ]);
    expect([sealed.status, sealed.body, sealed.headers.location]).toEqual([
      201,
      { stored: 'sealed' },
      '/v1/evaluations/old-sealed',
    ]);
    // and nothing new was created for them
    expect(await h.db.raw.col.evaluations.countDocuments({ allocationNumber: plainBody!.allocationNumber })).toBe(0);
  });

  test('a transient answer (409 busy) is not stored: the retry runs the request again, as a takeover of the claim', async () => {
    let calls = 0;
    const app = new Koa();
    app.use(async (ctx, next) => {
      ctx.state.principal = { role: 'provider', providerAgbCode: '11111111', tokenId: 'tok-transient', label: 'test' };
      ctx.state.requestId = `r${calls}`;
      ctx.request.body = { n: 1 };
      try {
        await next();
      } catch (err) {
        const e = err as { status: number; id: string };
        ctx.status = e.status;
        ctx.body = { id: e.id };
      }
    });
    app.use(idempotent(h.services.idempotency));
    const resuming: boolean[] = [];
    app.use((ctx) => {
      calls += 1;
      resuming.push(Boolean(ctx.state.resumingClaim));
      if (calls === 1) throw errors.conflict('busy', 'locked');
      if (calls === 2) throw errors.unprocessable('rules', 'no');
      ctx.status = 201;
      ctx.body = { created: calls };
    });
    const server = http.createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const send = async () =>
      (await fetch(url, { method: 'POST', headers: { 'Idempotency-Key': 'key-transient-1' } })).status;
    try {
      expect(await send()).toBe(409); // busy: released
      expect(await send()).toBe(422); // final: stored
      expect(await send()).toBe(422); // replayed, the handler is not called again
      expect(calls).toBe(2);
      // the retry took the released claim over: what the busy attempt stored (say, a report
      // whose follow-ups were done) is its own, answered instead of refused as a duplicate
      expect(resuming).toEqual([false, true]);
    } finally {
      server.close();
    }
  });

  test('a crash after the work but before the answer was stored: the retry gets the stored record (201), not 409 duplicate', async () => {
    const body = evaluationInput(await allocation(), '2026-02-01', '2026-04-30');
    const first = await post('key-lost-answer-1', body);
    expect(first.status).toBe(201);
    const id = h.services.idempotency.recordId(
      { role: 'provider', providerAgbCode: '11111111', tokenId: 'x' },
      'key-lost-answer-1',
    );
    // the answer never made it into the key's record: in progress, holder dead
    await h.db.raw.col.idempotencyKeys.updateOne(
      { _id: id },
      {
        $set: { state: 'in_progress', owner: 'dead', leaseUntil: new Date(Date.now() - 1000) },
        $unset: { sealed: '', status: '' },
      },
    );
    const retry = await post('key-lost-answer-1', body);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await h.db.raw.col.evaluations.countDocuments({ allocationNumber: body.allocationNumber })).toBe(1);
    // without the key, the same report again is still the duplicate it is
    expect((await h.http.post('/v1/evaluations').set('Authorization', t.providerA).send(body)).body).toMatchObject({
      status: 409,
      type: '/problems/duplicate',
    });
  });
});
