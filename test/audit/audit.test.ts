import { hashEvent } from '../../src/services/audit/audit.service';
import { SYSTEM } from '../../src/policies/principal';
import { TEST_BSN_KEY, type Harness } from '../support/harness';
import { allocationInput, regionHarness, type RegionTokens } from '../support/factories';
import { runCli } from '../support/processes';
import { testMongoUri } from '../support/db';

describe('audit trail', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => ({ h, t } = await regionHarness()));
  afterAll(() => h.close());

  const events = () => h.db.raw.col.auditEvents.find({}, { sort: { _id: 1 } }).toArray();

  test('every read and write of an allocation is recorded with who, what, which client, when and from where', async () => {
    const input = allocationInput('A');
    const created = await h.http
      .post('/v1/allocations')
      .set('Authorization', t.consultantA)
      .set('X-Request-Id', 'req-create')
      .send(input);
    const clientRef = created.body.client.clientRef as string;
    await h.http
      .get(`/v1/allocations/${input.allocationNumber}`)
      .set('Authorization', t.providerA)
      .set('X-Request-Id', 'req-read');
    await h.http
      .patch(`/v1/allocations/${input.allocationNumber}`)
      .set('Authorization', t.admin)
      .send({ careStartDate: '2026-02-03' });
    await h.http.get('/v1/allocations').set('Authorization', t.consultantA);

    const mine = (await events()).filter((e) => e.objectId === input.allocationNumber);
    expect(mine.map((e) => e.action)).toEqual([
      'allocation.create',
      'allocation.read',
      'allocation.update',
      'allocation.read',
    ]);
    expect(mine[0]).toMatchObject({
      objectType: 'allocation',
      clientRef,
      requestId: 'req-create',
      actor: { role: 'consultant', organisation: 'TEAM-A' },
    });
    expect(mine[0]!.sourceIp).toMatch(/127\.0\.0\.1/);
    expect(mine[1]).toMatchObject({ requestId: 'req-read', actor: { role: 'provider', organisation: '11111111' } });
    expect(JSON.stringify(await events())).not.toContain(input.client.bsn);
  });

  test('GET /v1/audit-events filters by client, token and time, newest first', async () => {
    const input = allocationInput('A');
    const created = await h.http.post('/v1/allocations').set('Authorization', t.admin).send(input);
    const clientRef = created.body.client.clientRef as string;
    const byClient = await h.http.get(`/v1/audit-events?clientRef=${clientRef}`).set('Authorization', t.admin);
    expect(byClient.body.items.map((e: { action: string }) => e.action)).toEqual(['allocation.create']);
    const adminTokenId = (await h.http.get('/v1/tokens?limit=500').set('Authorization', t.admin)).body.items.find(
      (x: { label: string; role: string }) => x.role === 'admin',
    ).id as string;
    const byToken = await h.http.get(`/v1/audit-events?tokenId=${adminTokenId}&limit=2`).set('Authorization', t.admin);
    expect(byToken.body.items.length).toBeGreaterThan(0);
    expect(byToken.body.items.every((e: { actor: { tokenId: string } }) => e.actor.tokenId === adminTokenId)).toBe(
      true,
    );
    const seqs = byToken.body.items.map((e: { seq: number }) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => b - a));
    const future = await h.http.get('/v1/audit-events?from=2999-01-01T00:00:00Z').set('Authorization', t.admin);
    expect(future.body.items).toEqual([]);
    expect((await h.http.get('/v1/audit-events?clientRef=not-hex').set('Authorization', t.admin)).status).toBe(400);
  });

  test('there is no way to change or delete audit events through the API', async () => {
    for (const method of ['put', 'patch', 'delete'] as const) {
      expect((await h.http[method]('/v1/audit-events').set('Authorization', t.admin)).status).toBe(405);
    }
  });

  test('concurrent writers keep one unbroken chain', async () => {
    const actor = {
      principal: SYSTEM,
      audit: { tokenId: null, role: 'job', organisation: null, label: 'test' },
      requestId: null,
      sourceIp: null,
    };
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.services.audit.record(
          actor,
          Array.from({ length: 30 }, (_, j) => ({
            action: 'test.write',
            objectType: 'test',
            objectId: `${i}-${j}`,
            clientRef: null,
          })),
        ),
      ),
    );
    const result = await h.services.audit.verify();
    expect(result).toMatchObject({ ok: true });
    const all = await events();
    expect(all.map((e) => Number(e._id))).toEqual(all.map((_, i) => i + 1));
  });

  test('hub audit verify detects an altered, a removed and a reordered event, naming the first bad one', async () => {
    const env = { MONGODB_URI: testMongoUri(), DB_NAME: h.db.dbName, BSN_KEY: TEST_BSN_KEY.toString('base64') };
    const ok = await runCli(['audit', 'verify'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^audit trail intact: \d+ events, last hash [0-9a-f]{64}$/m);

    const col = h.db.raw.col.auditEvents;
    const all = await events();
    const target = all[5]!;
    await col.updateOne({ _id: target._id }, { $set: { action: 'allocation.read-nothing-to-see' } });
    const altered = await runCli(['audit', 'verify'], env);
    expect(altered.code).toBe(1);
    expect(altered.stdout).toContain(`BROKEN at event ${Number(target._id)}: content does not match its hash (altered`);
    await col.replaceOne({ _id: target._id }, target);

    const removed = all[8]!;
    await col.deleteOne({ _id: removed._id });
    const gap = await runCli(['audit', 'verify'], env);
    expect(gap.stdout).toContain(`BROKEN at event ${Number(removed._id)}: event is missing (removed)`);
    await col.insertOne(removed);

    const last = all[all.length - 1]!;
    await col.deleteOne({ _id: last._id });
    expect((await runCli(['audit', 'verify'], env)).stdout).toContain(
      `BROKEN at event ${Number(last._id)}: event is missing (removed)`,
    );
    await col.insertOne(last);

    // swap the contents of two events, keeping each position: the chain no longer follows
    const [x, y] = [all[10]!, all[11]!];
    const { _id: _x, ...xContent } = x;
    const { _id: _y, ...yContent } = y;
    await col.replaceOne({ _id: x._id }, yContent);
    await col.replaceOne({ _id: y._id }, xContent);
    const swapped = await runCli(['audit', 'verify'], env);
    expect(swapped.stdout).toContain(`BROKEN at event ${Number(x._id)}`);
    await col.replaceOne({ _id: x._id }, x);
    await col.replaceOne({ _id: y._id }, y);
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
  });

  test('the chain is keyed: a tail rewritten without the key, or cut, does not verify; a checkpoint catches the cut', async () => {
    const env = { MONGODB_URI: testMongoUri(), DB_NAME: h.db.dbName, BSN_KEY: TEST_BSN_KEY.toString('base64') };
    const cp = await runCli(['audit', 'checkpoint'], env);
    expect(cp.code).toBe(0);
    const checkpoint = cp.stdout.trim();
    expect(checkpoint).toMatch(/^\d+:[0-9a-f]{64}$/);
    expect((await runCli(['audit', 'verify', '--checkpoint', checkpoint], env)).stdout).toMatch(
      /intact: .*checkpoint \d+ confirmed/,
    );

    const col = h.db.raw.col.auditEvents;
    const all = await events();
    const from = all[all.length - 3]!;
    // someone with write access to the database rewrites the tail with plain SHA-256, as the old chain allowed
    const originals = all.slice(all.length - 3);
    let prevHash = all[all.length - 4]!.hash;
    for (const e of originals) {
      const { hash: _h, alg: _a, ...rest } = e;
      const forged = { ...rest, action: 'allocation.read-forged', prevHash };
      const hash = hashEvent(forged);
      await col.replaceOne({ _id: e._id }, { ...forged, hash });
      prevHash = hash;
    }
    const forged = await runCli(['audit', 'verify'], env);
    expect(forged.code).toBe(1);
    expect(forged.stdout).toContain(`BROKEN at event ${Number(from._id)}: an unkeyed event after keyed ones`);
    for (const e of originals) await col.replaceOne({ _id: e._id }, e);

    // cut the tail (and the head marker with it): only the checkpoint shows it
    const cut = all.filter((e) => Number(e._id) > Number(checkpoint.split(':')[0]) - 2);
    for (const e of cut) await col.deleteOne({ _id: e._id });
    const head = await h.db.raw.col.meta.findOne({ _id: 'audit-head' });
    if (head) await h.db.raw.col.meta.deleteOne({ _id: 'audit-head' });
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0); // nothing inside the database tells
    const withCheckpoint = await runCli(['audit', 'verify', '--checkpoint', checkpoint], env);
    expect(withCheckpoint.code).toBe(1);
    expect(withCheckpoint.stdout).toContain('its tail was cut');
    for (const e of cut) await col.insertOne(e);
    if (head) await h.db.raw.col.meta.insertOne(head);
    expect((await runCli(['audit', 'verify', '--checkpoint', checkpoint], env)).code).toBe(0);
    expect((await runCli(['audit', 'verify', '--checkpoint', 'nonsense'], env)).stderr).toContain(
      '--checkpoint must be <seq>:<hash>',
    );
  });

  test('a chain rewritten entirely without the key (a downgrade) does not verify; unkeyed events pass only as many as named', async () => {
    const env = { MONGODB_URI: testMongoUri(), DB_NAME: h.db.dbName, BSN_KEY: TEST_BSN_KEY.toString('base64') };
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
    const col = h.db.raw.col.auditEvents;
    const originals = await events();
    const head = await h.db.raw.col.meta.findOne({ _id: 'audit-head' });
    // someone with write access to the database rewrites every event as plain SHA-256, and the head with it
    let prevHash = originals[0]!.prevHash;
    for (const e of originals) {
      const { hash: _h, alg: _a, ...rest } = e;
      const forged = { ...rest, ...(e === originals[1] ? { action: 'allocation.read-forged' } : {}), prevHash };
      const hash = hashEvent(forged);
      await col.replaceOne({ _id: e._id }, { ...forged, hash });
      prevHash = hash;
    }
    if (head) await h.db.raw.col.meta.updateOne({ _id: 'audit-head' }, { $set: { hash: prevHash } });
    try {
      const downgraded = await runCli(['audit', 'verify'], env);
      expect(downgraded.code).toBe(1);
      expect(downgraded.stdout).toContain(
        `BROKEN at event 1: the first ${originals.length} events are not keyed: written before the chain was keyed, or the chain was rewritten without the key (a downgrade)`,
      );
      // an installation that had 3 events before its upgrade keyed the chain
      const wrongCount = await runCli(['audit', 'verify', '--accept-unkeyed', '3'], env);
      expect(wrongCount.code).toBe(1);
      expect(wrongCount.stdout).toContain('3 were accepted as written before the upgrade');
      // what the operator noted at the upgrade is the only way unkeyed events pass
      const accepted = await runCli(['audit', 'verify', '--accept-unkeyed', String(originals.length)], env);
      expect(accepted.code).toBe(0);
      expect(accepted.stdout).toContain(`the first ${originals.length} events predate the keyed chain`);
      expect((await runCli(['audit', 'verify', '--accept-unkeyed', 'many'], env)).stderr).toContain(
        '--accept-unkeyed must be a whole number of events',
      );
    } finally {
      for (const e of originals) await col.replaceOne({ _id: e._id }, e);
      if (head) await h.db.raw.col.meta.replaceOne({ _id: 'audit-head' }, head);
    }
    expect((await runCli(['audit', 'verify'], env)).code).toBe(0);
  });
});
