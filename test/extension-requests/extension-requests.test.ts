import type { CommandStartedEvent } from 'mongodb';
import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, regionHarness, type RegionTokens } from '../support/factories';

describe('extension requests and decisions', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => ({ h, t } = await regionHarness()));
  afterAll(() => h.close());

  /** An allocation of tenant A (end 2026-12-31) with an evaluation whose meeting was on `meetingDate`. */
  const allocationWithEvaluation = async (meetingDate = '2026-10-30') => {
    const input = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    h.clock.set(`${meetingDate}T12:00:00Z`);
    const ev = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(input.allocationNumber, '2026-02-01', '2026-04-30', { meetingDate: '2026-04-28' }));
    const evId = ev.body.id as string;
    const later = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(input.allocationNumber, '2026-05-01', meetingDate, { meetingDate }));
    return { n: input.allocationNumber, oldEvaluationId: evId, evaluationId: later.body.id as string };
  };
  const request = (body: object) => h.http.post('/v1/extension-requests').set('Authorization', t.providerA).send(body);
  const reasoning = 'Doelen nog niet behaald, zie evaluatie.';

  test('resting on a recent evaluation; the decision deadline is 5 working days, the iJw answer term (holidays skipped)', async () => {
    const { n, evaluationId } = await allocationWithEvaluation('2026-12-16');
    h.clock.set('2026-12-18T10:00:00Z');
    const res = await request({ allocationNumber: n, requestedEndDate: '2027-03-31', reasoning, evaluationId });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      id: `xr_${n}_1`,
      status: 'submitted',
      withoutEvaluation: false,
      evaluationId,
      evaluationMeetingDate: '2026-12-16',
      decisionDeadline: '2026-12-28', // Friday 18 December + 5 working days, Christmas skipped
      finalDeadline: '2027-02-12', // + 8 weeks
      previousEndDate: '2026-12-31',
    });
  });

  test('without an evaluation, or with one older than 90 days, the request is accepted and marked withoutEvaluation', async () => {
    const a = await allocationWithEvaluation('2026-06-30');
    h.clock.set('2026-11-02T10:00:00Z');
    const old = await request({
      allocationNumber: a.n,
      requestedEndDate: '2027-03-31',
      reasoning,
      evaluationId: a.evaluationId,
    });
    expect(old.body).toMatchObject({
      status: 'submitted',
      withoutEvaluation: true,
      withoutEvaluationReason: 'not_recent',
      evaluationId: a.evaluationId,
    });
    const b = await allocationWithEvaluation('2026-10-30');
    const none = await request({ allocationNumber: b.n, requestedEndDate: '2027-03-31', reasoning });
    expect(none.body).toMatchObject({ withoutEvaluation: true, withoutEvaluationReason: 'none', evaluationId: null });
    const stored = await h.db.raw.col.extensionRequests.findOne({ _id: none.body.id });
    expect(stored!.withoutEvaluation).toBe(true);
  });

  test('rules: a later end date within the contract, an evaluation of the same allocation, one open request', async () => {
    const a = await allocationWithEvaluation();
    const other = await allocationWithEvaluation();
    const early = await request({ allocationNumber: a.n, requestedEndDate: '2026-12-31', reasoning });
    expect(early.body).toMatchObject({
      status: 422,
      errors: [{ path: '/requestedEndDate', message: 'must be after the current end date (2026-12-31)' }],
    });
    const beyond = await request({ allocationNumber: a.n, requestedEndDate: '2029-06-30', reasoning });
    expect(beyond.body.errors[0]).toMatchObject({
      path: '/requestedEndDate',
      message: expect.stringContaining('within contract'),
    });
    const wrongEvaluation = await request({
      allocationNumber: a.n,
      requestedEndDate: '2027-03-31',
      reasoning,
      evaluationId: other.evaluationId,
    });
    expect(wrongEvaluation.body.errors).toEqual([
      { path: '/evaluationId', message: 'no evaluation with this id for this allocation' },
    ]);
    const superseded = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(a.n, '2026-02-01', '2026-04-30', { meetingDate: '2026-04-28', supersedes: a.oldEvaluationId }),
      );
    expect(superseded.status).toBe(201);
    const usesOld = await request({
      allocationNumber: a.n,
      requestedEndDate: '2027-03-31',
      reasoning,
      evaluationId: a.oldEvaluationId,
    });
    expect(usesOld.body.errors[0].message).toContain('superseded by');

    const first = await request({ allocationNumber: a.n, requestedEndDate: '2027-03-31', reasoning });
    expect(first.status).toBe(201);
    const second = await request({ allocationNumber: a.n, requestedEndDate: '2027-06-30', reasoning });
    expect(second.body).toMatchObject({
      status: 409,
      type: '/problems/open-request-exists',
      extensionRequestId: first.body.id,
    });
    const withdrawn = await h.http
      .post(`/v1/extension-requests/${first.body.id}/withdraw`)
      .set('Authorization', t.providerA);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn' });
    const third = await request({ allocationNumber: a.n, requestedEndDate: '2027-06-30', reasoning });
    expect(third.body).toMatchObject({ id: `xr_${a.n}_2`, status: 'submitted' });
  });

  test('approval extends the allocation (end date and volume) with a history entry, change reason 04', async () => {
    const { n, evaluationId } = await allocationWithEvaluation();
    const req = await request({
      allocationNumber: n,
      requestedEndDate: '2027-03-31',
      requestedVolume: { amount: 40, unit: '04', frequency: '6' },
      reasoning,
      evaluationId,
    });
    expect(
      (
        await h.http
          .post(`/v1/extension-requests/${req.body.id}/decision`)
          .set('Authorization', t.providerA)
          .send({ decision: 'approved' })
      ).status,
    ).toBe(403);
    expect(
      (
        await h.http
          .post(`/v1/extension-requests/${req.body.id}/decision`)
          .set('Authorization', t.consultantB)
          .send({ decision: 'approved' })
      ).status,
    ).toBe(404);
    const decided = await h.http
      .post(`/v1/extension-requests/${req.body.id}/decision`)
      .set('Authorization', t.consultantA)
      .send({ decision: 'approved', note: 'Akkoord.' });
    expect(decided.body).toMatchObject({
      status: 'approved',
      decision: { decision: 'approved', note: 'Akkoord.', rejectionCode: null },
    });
    const allocation = await h.http.get(`/v1/allocations/${n}`).set('Authorization', t.consultantA);
    expect(allocation.body).toMatchObject({
      endDate: '2027-03-31',
      volume: { amount: 40, unit: '04', frequency: '6' },
    });
    expect(allocation.body.history.at(-1)).toMatchObject({
      source: 'extension-decision',
      reason: '04',
      role: 'consultant',
      changes: { endDate: { from: '2026-12-31', to: '2027-03-31' } },
    });
    const again = await h.http
      .post(`/v1/extension-requests/${req.body.id}/decision`)
      .set('Authorization', t.consultantA)
      .send({ decision: 'rejected', rejectionCode: '7', note: 'x' });
    expect(again.body).toMatchObject({ status: 409, type: '/problems/already-decided' });
  });

  test('a decision reads the allocation and its contract once, and flags the state the approval leaves', async () => {
    const { n, evaluationId } = await allocationWithEvaluation('2026-11-30');
    h.clock.set('2026-12-01T10:00:00Z');
    const openFlags = async () =>
      (await h.db.raw.col.flags.find({ 'subject.id': n, status: { $ne: 'resolved' } }).toArray()).map((f) => f.type);
    expect(await openFlags()).toContain('expiring_unreviewed'); // ends 2026-12-31, within six weeks
    const req = await request({ allocationNumber: n, requestedEndDate: '2027-01-08', reasoning, evaluationId });
    expect(req.status).toBe(201);
    expect(await openFlags()).not.toContain('expiring_unreviewed'); // a request for this end date
    const sent: string[] = [];
    const listen = (e: CommandStartedEvent) => {
      if (e.databaseName === h.db.dbName) sent.push(`${e.commandName} ${String(e.command[e.commandName])}`);
    };
    h.db.database.client.on('commandStarted', listen);
    const decided = await Promise.resolve(
      h.http
        .post(`/v1/extension-requests/${req.body.id}/decision`)
        .set('Authorization', t.consultantA)
        .send({ decision: 'approved' }),
    ).finally(() => h.db.database.client.off('commandStarted', listen));
    expect(decided.body).toMatchObject({ status: 'approved' });
    expect(sent.filter((c) => c === 'find allocations')).toHaveLength(1);
    expect(sent.filter((c) => c === 'find contracts')).toHaveLength(1);
    expect(sent.filter((c) => c === 'find extension_requests')).toHaveLength(2); // the scope check before the lock, and the read under it
    // the follow-ups read the allocation as the approval left it: ending 2027-01-08, within six weeks, with no request for that date
    expect(await openFlags()).toContain('expiring_unreviewed');
  });

  test('rejection needs a JW319 code; info_requested goes back to the provider, who resubmits with a new deadline', async () => {
    const { n, evaluationId } = await allocationWithEvaluation('2026-11-16');
    const req = await request({ allocationNumber: n, requestedEndDate: '2027-03-31', reasoning });
    const decide = (body: object) =>
      h.http.post(`/v1/extension-requests/${req.body.id}/decision`).set('Authorization', t.consultantA).send(body);
    expect((await decide({ decision: 'rejected', note: 'nee' })).body.errors).toEqual([
      { path: '/rejectionCode', message: 'is required' },
    ]);
    const asked = await decide({ decision: 'info_requested', note: 'Welke evaluatie?' });
    expect(asked.body).toMatchObject({ status: 'info_requested' });
    expect((await decide({ decision: 'approved' })).body.type).toBe('/problems/awaiting-provider');

    h.clock.set('2026-11-20T10:00:00Z');
    const resubmitted = await h.http
      .post(`/v1/extension-requests/${req.body.id}/resubmit`)
      .set('Authorization', t.providerA)
      .send({ evaluationId });
    expect(resubmitted.body).toMatchObject({
      status: 'submitted',
      withoutEvaluation: false,
      withoutEvaluationReason: null,
      evaluationId,
      decisionDeadline: '2026-11-27', // Friday 20 November + 5 working days
    });
    expect(resubmitted.body.events.map((e: { action: string }) => e.action)).toEqual([
      'submitted',
      'info_requested',
      'resubmitted',
    ]);
    const rejected = await decide({ decision: 'rejected', rejectionCode: '7', note: 'Doelen behaald.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decision: { rejectionCode: '7' } });
    expect((await h.http.get(`/v1/allocations/${n}`).set('Authorization', t.consultantA)).body.endDate).toBe(
      '2026-12-31',
    );
  });

  test('a bulk automatic extension is a recorded decision on every allocation, and never counts as reviewed', async () => {
    const plain = allocationInput('A');
    const ended = allocationInput('A');
    const theirs = allocationInput('B');
    const actor = systemActor('cli', 'test');
    for (const a of [plain, ended, theirs]) await h.services.allocations.create(actor, a);
    await h.services.allocations.update(actor, ended.allocationNumber, { end: { reason: '31', date: '2026-06-30' } });
    const withOpen = await allocationWithEvaluation();
    await request({ allocationNumber: withOpen.n, requestedEndDate: '2027-03-31', reasoning });

    const res = await h.http
      .post('/v1/allocations/bulk-extension')
      .set('Authorization', t.consultantA)
      .send({
        decisionReference: 'B&W 2026-1184',
        newEndDate: '2027-03-31',
        reasoning: 'Overgang naar nieuwe aanbesteding.',
        allocationNumbers: [plain.allocationNumber, ended.allocationNumber, theirs.allocationNumber, withOpen.n],
      });
    expect(res.status).toBe(200);
    expect(res.body.extended).toEqual([plain.allocationNumber]);
    expect(res.body.skipped).toEqual([
      { allocationNumber: ended.allocationNumber, reason: 'the allocation has ended' },
      { allocationNumber: theirs.allocationNumber, reason: 'not in your scope' },
      { allocationNumber: withOpen.n, reason: expect.stringContaining('open extension request') },
    ]);
    const allocation = await h.http.get(`/v1/allocations/${plain.allocationNumber}`).set('Authorization', t.admin);
    expect(allocation.body.history.at(-1)).toMatchObject({
      source: 'bulk-extension',
      reason: '04',
      note: expect.stringContaining('B&W 2026-1184'),
    });
    const record = await h.http
      .get(`/v1/extension-requests?allocationNumber=${plain.allocationNumber}`)
      .set('Authorization', t.consultantA);
    expect(record.body.items).toEqual([
      expect.objectContaining({
        source: 'bulk',
        status: 'approved',
        decisionReference: 'B&W 2026-1184',
        withoutEvaluation: true,
      }),
    ]);
    expect(
      (
        await h.http
          .post('/v1/allocations/bulk-extension')
          .set('Authorization', t.providerA)
          .send({
            decisionReference: 'x',
            newEndDate: '2027-03-31',
            reasoning: 'xxxxxxxxxxxx',
            allocationNumbers: ['a'],
          })
      ).status,
    ).toBe(403);
  });

  test('providers list their own requests; filters by status and withoutEvaluation', async () => {
    const { n } = await allocationWithEvaluation();
    await request({ allocationNumber: n, requestedEndDate: '2027-03-31', reasoning });
    const mine = await h.http
      .get('/v1/extension-requests?status=submitted&withoutEvaluation=true')
      .set('Authorization', t.providerA);
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(
      mine.body.items.every(
        (r: { status: string; withoutEvaluation: boolean; providerAgbCode: string }) =>
          r.status === 'submitted' && r.withoutEvaluation && r.providerAgbCode === '11111111',
      ),
    ).toBe(true);
    expect((await h.http.get('/v1/extension-requests').set('Authorization', t.providerB)).body.items).toEqual([]);
  });
});
