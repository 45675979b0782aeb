/**
 * The legal cycles and the iJw rules for extensions, on the real engine: the closed
 * youth care cycle (Jeugdwet 6.2.9) in obligations and evaluation_overdue; one open
 * extension request per allocation (OP350); the iJw answer terms (5 working days,
 * at most 8 weeks with information requested); the complete WJ759 rejection codes.
 */
import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';

let h: Harness;
let t: RegionTokens;
beforeAll(async () => {
  ({ h, t } = await regionHarness());
  await h.services.registry.createContract({
    contractNumber: 'C-A-CLOSED',
    providerAgbCode: REGION.providerA,
    startDate: '2026-01-01',
    endDate: '2027-12-31',
    productCodes: ['43A37', '45A48'],
    reporting: { closedCareProductCodes: ['43A37'] },
  });
});
afterAll(() => h.close());

const obligationsOf = async (n: string) =>
  (await h.http.get(`/v1/obligations?allocationNumber=${n}`).set('Authorization', t.providerA)).body.items as Record<
    string,
    unknown
  >[];

describe('closed youth care (gesloten jeugdhulp)', () => {
  test('a contract marks only its own products as closed care', async () => {
    const res = await h.http
      .post('/v1/contracts')
      .set('Authorization', t.admin)
      .send({
        contractNumber: 'C-A-WRONG',
        providerAgbCode: REGION.providerA,
        startDate: '2026-01-01',
        endDate: '2027-12-31',
        productCodes: ['45A48'],
        reporting: { closedCareProductCodes: ['43A37'] },
      });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([
      { path: '/reporting/closedCareProductCodes/0', message: "43A37 is not one of the contract's productCodes" },
    ]);
  });

  test("a closed-care product: the first evaluation 4 weeks after care starts, then every 2 months; the care plan's day shown", async () => {
    h.clock.set('2026-02-10T09:00:00Z');
    const a = allocationInput('A', {
      contractNumber: 'C-A-CLOSED',
      product: { category: '43', code: '43A37' },
      startDate: '2026-02-01',
      endDate: '2027-01-31',
      careStartDate: '2026-02-09',
    });
    await h.services.allocations.create(systemActor('cli', 'test'), a);
    expect(await obligationsOf(a.allocationNumber)).toEqual([
      expect.objectContaining({
        kind: 'evaluation',
        periodStart: '2026-02-01',
        dueDate: '2026-03-09', // 9 February + 4 weeks
        cycle: 'closed_care',
        carePlanDueDate: '2026-03-23', // + 6 weeks
      }),
    ]);
    // evaluation_overdue follows the cycle: due 9 March, 14 days grace, raised on 24 March
    const sweep = async (iso: string) =>
      (await h.services.flagSweep.sweepDaily(new Date(`${iso}T06:00:00Z`))).allocations;
    await sweep('2026-03-23');
    expect(
      await h.db.raw.col.flags.countDocuments({ type: 'evaluation_overdue', 'subject.id': a.allocationNumber }),
    ).toBe(0);
    await sweep('2026-03-24');
    expect(
      await h.db.raw.col.flags.findOne({ type: 'evaluation_overdue', 'subject.id': a.allocationNumber }),
    ).toMatchObject({
      status: 'open',
      evidence: expect.objectContaining({ dueDate: '2026-03-09' }),
    });
    h.clock.set('2026-03-25T09:00:00Z');
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(a.allocationNumber, '2026-02-01', '2026-03-08', {
          meetingDate: '2026-03-06',
          residence: { type: 'secure' },
        }),
      )
      .expect(201);
    expect(await obligationsOf(a.allocationNumber)).toEqual([
      expect.objectContaining({ periodStart: '2026-03-09', dueDate: '2026-05-08', cycle: 'closed_care' }),
    ]);
  });

  test('an evaluation reporting residence secure moves an ambulant allocation onto the cycle', async () => {
    h.clock.set('2026-05-05T09:00:00Z');
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2027-01-31' });
    await h.services.allocations.create(systemActor('cli', 'test'), a);
    expect((await obligationsOf(a.allocationNumber))[0]).toMatchObject({ dueDate: '2026-04-30', cycle: 'contract' });
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(a.allocationNumber, '2026-02-01', '2026-04-30', {
          meetingDate: '2026-04-28',
          residence: { type: 'secure', since: '2026-04-20' },
        }),
      )
      .expect(201);
    expect((await obligationsOf(a.allocationNumber))[0]).toMatchObject({
      periodStart: '2026-05-01',
      dueDate: '2026-06-30', // 2 months, not the contract's 3
      cycle: 'closed_care',
    });
  });
});

describe('iJw rules for extension requests', () => {
  const reasoning = 'Doelen nog niet behaald, zie evaluatie.';
  const withEvaluation = async () => {
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31' });
    await h.services.allocations.create(systemActor('cli', 'test'), a);
    h.clock.set('2026-05-29T09:00:00Z');
    const ev = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(a.allocationNumber, '2026-02-01', '2026-05-28', { meetingDate: '2026-05-28' }));
    return { n: a.allocationNumber, evaluationId: ev.body.id as string };
  };
  const submit = (n: string, evaluationId: string) =>
    h.http
      .post('/v1/extension-requests')
      .set('Authorization', t.providerA)
      .send({ allocationNumber: n, requestedEndDate: '2027-03-31', reasoning, evaluationId });
  const decide = (id: string, body: object) =>
    h.http.post(`/v1/extension-requests/${id}/decision`).set('Authorization', t.consultantA).send(body);

  test('OP350: one open request per allocation; a second is 409 naming the open one', async () => {
    const { n, evaluationId } = await withEvaluation();
    h.clock.set('2026-06-01T09:00:00Z');
    const first = await submit(n, evaluationId);
    expect(first.status).toBe(201);
    const second = await submit(n, evaluationId);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ type: '/problems/open-request-exists', extensionRequestId: first.body.id });
    expect(second.body.detail).toContain(first.body.id);
  });

  test('answer terms: 5 working days; with information requested, at most 8 weeks from the request, then overdue', async () => {
    const { n, evaluationId } = await withEvaluation();
    h.clock.set('2026-06-01T09:00:00Z'); // a Monday
    const req = await submit(n, evaluationId);
    expect(req.body).toMatchObject({ decisionDeadline: '2026-06-08', finalDeadline: '2026-07-27' });
    await decide(req.body.id, { decision: 'info_requested', note: 'Graag het behandelplan.' }).expect(200);
    h.clock.set('2026-07-22T09:00:00Z'); // the provider answers late: the deadline may not pass the answer term
    const resubmitted = await h.http
      .post(`/v1/extension-requests/${req.body.id}/resubmit`)
      .set('Authorization', t.providerA)
      .send({ reasoning });
    expect(resubmitted.body).toMatchObject({ status: 'submitted', decisionDeadline: '2026-07-27' });
    await decide(req.body.id, { decision: 'info_requested', note: 'Nog een vraag.' }).expect(200);
    const sweep = (iso: string) => h.services.flagSweep.sweepRequests(new Date(`${iso}T06:00:00Z`));
    const overdue = () =>
      h.db.raw.col.flags.findOne({ type: 'extension_decision_overdue', 'subject.id': req.body.id, status: 'open' });
    await sweep('2026-07-27');
    expect(await overdue()).toBeNull();
    await sweep('2026-07-28');
    expect(await overdue()).toMatchObject({ evidence: { finalDeadline: '2026-07-27', status: 'info_requested' } });
    h.clock.set('2026-07-28T09:00:00Z');
    await h.http
      .post(`/v1/extension-requests/${req.body.id}/resubmit`)
      .set('Authorization', t.providerA)
      .send({ reasoning })
      .expect(200);
    const again = await decide(req.body.id, { decision: 'info_requested', note: 'En nog een.' });
    expect(again.status).toBe(409);
    expect(again.body.type).toBe('/problems/answer-term-passed');
    const rejected = await decide(req.body.id, {
      decision: 'rejected',
      rejectionCode: '8',
      note: 'Woonplaatsbeginsel: gemeente 0590 is verantwoordelijk.',
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', decision: { rejectionCode: '8' } });
    await sweep('2026-07-29');
    expect(await overdue()).toBeNull();
  });

  test('WJ759 is complete: 1 (a new request, not a change) and 6 (stacking) are accepted too', async () => {
    for (const code of ['1', '6']) {
      const { n, evaluationId } = await withEvaluation();
      h.clock.set('2026-06-02T09:00:00Z');
      const req = await submit(n, evaluationId);
      const res = await decide(req.body.id, { decision: 'rejected', rejectionCode: code, note: 'Afgewezen.' });
      expect([code, res.status, res.body.decision?.rejectionCode]).toEqual([code, 200, code]);
    }
  });
});
