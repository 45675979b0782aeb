import { obligationsSweep } from '../../jobs/obligations-sweep';
import type { EvaluationDoc, ExtensionRequestDoc } from '../../src/records';
import { evaluationId } from '../../src/services/evaluations/evaluations.service';
import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, type RegionTokens, regionHarness } from '../support/factories';

/**
 * A crash between the writes of one operation, reproduced exactly: the first write
 * (the stored record, marked pending) is there, none of its follow-ups are. A retry
 * of the same submission, or the daily sweep, must complete them.
 */
describe('multi-write operations are resumable after a crash between their writes', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    h.clock.set('2026-05-10T09:00:00Z');
  });
  afterAll(() => h.close());

  const col = () => h.db.raw.col;
  const newAllocation = async () => {
    const input = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    return input.allocationNumber;
  };
  const concern = { safety: { concerns: true, veiligThuisReport: false, safetyPlan: true } };
  const auditCount = (objectId: string, action: string) => col().auditEvents.countDocuments({ objectId, action });

  /** Submits a report on a donor allocation and stores its twin on `target` as only the first write of a crashed submit would. */
  const crashedEvaluation = async (target: string, body: ReturnType<typeof evaluationInput>) => {
    const donor = await newAllocation();
    const res = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send({ ...body, allocationNumber: donor });
    expect(res.status).toBe(201);
    const stored = (await col().evaluations.findOne({ _id: res.body.id as string }))!;
    const twin: EvaluationDoc = {
      ...stored,
      _id: evaluationId(target, body.periodStart, body.periodEnd, 0),
      allocationNumber: target,
      pending: 'create',
    };
    await col().evaluations.insertOne(twin);
    return twin;
  };

  test("a safety concern stored just before a crash: the provider's retry gets 201 (not 409 duplicate) and the flag, summary and audit event follow", async () => {
    const n = await newAllocation();
    const body = evaluationInput(n, '2026-02-01', '2026-04-30', concern);
    const twin = await crashedEvaluation(n, body);
    expect((await col().allocations.findOne({ _id: n }))!.evaluations).toBeUndefined();

    const retry = await h.http.post('/v1/evaluations').set('Authorization', t.providerA).send(body);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(twin._id);
    expect(await col().evaluations.countDocuments({ allocationNumber: n })).toBe(1);
    expect(await col().evaluations.findOne({ _id: twin._id })).not.toHaveProperty('pending');
    expect((await col().allocations.findOne({ _id: n }))!.evaluations).toMatchObject({
      count: 1,
      latestId: twin._id,
      latestSafetyConcern: true,
    });
    expect(await col().flags.findOne({ type: 'safety_concern', 'subject.id': n, status: 'open' })).not.toBeNull();
    expect(await auditCount(twin._id, 'evaluation.create')).toBe(1);

    // once complete, the same report again is the duplicate it is
    const again = await h.http.post('/v1/evaluations').set('Authorization', t.providerA).send(body);
    expect(again.body).toMatchObject({ status: 409, type: '/problems/duplicate' });
    expect((await col().allocations.findOne({ _id: n }))!.evaluations!.count).toBe(1);
  });

  test('a different report for the period of a pending one is still refused as a duplicate', async () => {
    const n = await newAllocation();
    await crashedEvaluation(n, evaluationInput(n, '2026-02-01', '2026-04-30'));
    const other = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(n, '2026-02-01', '2026-04-30', concern));
    expect(other.body).toMatchObject({ status: 409, type: '/problems/duplicate' });
  });

  test("nobody retries: the daily sweep completes the report's follow-ups and raises its flags from it", async () => {
    const n = await newAllocation();
    const twin = await crashedEvaluation(n, evaluationInput(n, '2026-02-01', '2026-04-30', concern));
    const result = await obligationsSweep.run(
      { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger },
      h.clock.now(),
    );
    expect(result).toMatchObject({ resumed: expect.any(Number) });
    expect((result as { resumed: number }).resumed).toBeGreaterThanOrEqual(1);
    expect((await col().allocations.findOne({ _id: n }))!.evaluations).toMatchObject({
      count: 1,
      latestId: twin._id,
      latestSafetyConcern: true,
    });
    expect(await col().flags.findOne({ type: 'safety_concern', 'subject.id': n, status: 'open' })).not.toBeNull();
    expect(await auditCount(twin._id, 'evaluation.create')).toBe(1);
    expect(await col().evaluations.countDocuments({ pending: { $exists: true } })).toBe(0);
  });

  test('an extension request stored just before a crash: the retry completes it (count, audit event, flags) instead of 409', async () => {
    const n = await newAllocation();
    const body = { allocationNumber: n, requestedEndDate: '2027-06-30', reasoning: 'Doelen nog niet bereikt.' };
    const first = await h.http.post('/v1/extension-requests').set('Authorization', t.providerA).send(body);
    expect(first.status).toBe(201);
    // back to the state right after the insert: pending, the allocation's count not written
    await col().extensionRequests.updateOne({ _id: first.body.id as string }, { $set: { pending: 'create' } });
    await col().allocations.updateOne({ _id: n }, { $unset: { extensionRequestCount: '' } });
    const audits = await auditCount(first.body.id as string, 'extension-request.create');
    const retry = await h.http.post('/v1/extension-requests').set('Authorization', t.providerA).send(body);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await col().extensionRequests.countDocuments({ allocationNumber: n })).toBe(1);
    expect((await col().allocations.findOne({ _id: n }))!.extensionRequestCount).toBe(1);
    expect(await auditCount(first.body.id as string, 'extension-request.create')).toBe(audits + 1);
    expect(await col().extensionRequests.findOne({ _id: first.body.id as string })).not.toHaveProperty('pending');
  });

  test('a decision written just before a crash gets its audit event from the sweep', async () => {
    const n = await newAllocation();
    const submitted = await h.http
      .post('/v1/extension-requests')
      .set('Authorization', t.providerA)
      .send({ allocationNumber: n, requestedEndDate: '2027-06-30', reasoning: 'Doelen nog niet bereikt.' });
    const id = submitted.body.id as string;
    // the decision's own write, as a crash right after it leaves it: no audit event, no flag change
    await col().extensionRequests.updateOne(
      { _id: id },
      { $set: { status: 'rejected', decidedAt: h.clock.now(), pending: 'update' } },
    );
    const before = await auditCount(id, 'extension-request.update');
    await obligationsSweep.run(
      { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger },
      h.clock.now(),
    );
    expect(await auditCount(id, 'extension-request.update')).toBe(before + 1);
    const doc = (await col().extensionRequests.findOne({ _id: id }))! as ExtensionRequestDoc;
    expect(doc.pending).toBeUndefined();
    expect(
      await col().flags.findOne({ 'subject.id': id, status: 'open', type: 'extension_decision_overdue' }),
    ).toBeNull();
  });

  test('an allocation change written just before a crash: the next change completes its audit event first', async () => {
    const n = await newAllocation();
    await col().allocations.updateOne({ _id: n }, { $set: { endDate: '2026-11-30', pending: 'update' } });
    const before = await auditCount(n, 'allocation.update');
    const res = await h.http
      .patch(`/v1/allocations/${n}`)
      .set('Authorization', t.consultantA)
      .send({ careStartDate: '2026-03-01' });
    expect(res.status).toBe(200);
    expect(await auditCount(n, 'allocation.update')).toBe(before + 2);
    expect(await col().allocations.findOne({ _id: n })).not.toHaveProperty('pending');
  });

  test('an import chunk cut short between its inserts and its audit events: the sweep records them (only for what the import created)', async () => {
    const actor = systemActor('cli', 'import test');
    const older = allocationInput('A');
    await h.services.allocations.create(actor, older); // existed before: a collision, not this import's
    const at = h.clock.now();
    const created = [allocationInput('A'), allocationInput('A')].map((i) =>
      h.services.allocations.buildDoc(i, actor, 'import'),
    );
    // what the crash leaves: the chunk's note and its inserted allocations, no audit events
    await col().followUps.insertOne({
      _id: 'import:crashed:1',
      kind: 'allocation.import-create',
      ids: [...created.map((d) => d._id), older.allocationNumber],
      actor: actor.audit,
      requestId: 'req-import-1',
      sourceIp: null,
      createdAt: new Date(at.getTime() + 1),
    });
    for (const d of created) await col().allocations.insertOne({ ...d, createdAt: new Date(at.getTime() + 1) });
    const createsOf = (id: string) => auditCount(id, 'allocation.create');
    expect(await createsOf(created[0]!._id)).toBe(0);
    const olderBefore = await createsOf(older.allocationNumber);
    await obligationsSweep.run(
      { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger },
      h.clock.now(),
    );
    for (const d of created) expect(await createsOf(d._id)).toBe(1);
    expect(await createsOf(older.allocationNumber)).toBe(olderBefore);
    expect(await col().followUps.countDocuments({})).toBe(0);
    const event = await col().auditEvents.findOne({ action: 'allocation.create', objectId: created[0]!._id });
    expect(event).toMatchObject({ requestId: 'req-import-1', actor: { label: 'import test' } });
  });
});
