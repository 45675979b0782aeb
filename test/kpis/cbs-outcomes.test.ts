/**
 * Evaluation form 1.1 (the CBS Beleidsinformatie Jeugd outcome items) beside form
 * 1.0, its non-blocking warnings, and the two KPIs it feeds, counted by hand:
 * no_further_help_rate (BiJ 3.1) and no_repeat_help_rate (BiJ 3.2).
 */
import { apiActor, systemActor } from '../../src/services/actor';
import { fictionalBsn } from '../../src/domain/test-bsns';
import type { AllocationInput } from '../../src/services/allocations/allocations.service';
import { createHarness, type Harness } from '../support/harness';
import { evaluationInput } from '../support/factories';

const P = '32000001';
const TEAM = 'TEAM-CBS';
const system = systemActor('cli', 'fixture');
const providerActor = apiActor(
  { tokenId: 'yht_pcbs000000000001', role: 'provider', label: 'p', providerAgbCode: P },
  'fixture',
  '127.0.0.1',
);

let h: Harness;
let provider: string;
beforeAll(async () => {
  h = await createHarness();
  await h.services.registry.createProvider({ agbCode: P, name: 'Aanbieder CBS', email: 'cbs@p.example' });
  await h.services.registry.createTeam({ teamCode: TEAM, name: 'Team CBS', municipalityCodes: ['0772'] });
  await h.services.registry.createContract({
    contractNumber: 'C-CBS',
    providerAgbCode: P,
    startDate: '2025-01-01',
    endDate: '2027-12-31',
    productCodes: ['45A48'],
  });
  provider = await h.bearer('provider', { providerAgbCode: P });
});
afterAll(() => h.close());

const allocation = (number: string, client: number, startDate: string, endDate: string): AllocationInput => ({
  allocationNumber: number,
  client: { bsn: fictionalBsn(client), birthDate: '2011-05-01' },
  municipalityCode: '0772',
  teamCode: TEAM,
  providerAgbCode: P,
  contractNumber: 'C-CBS',
  product: { category: '45', code: '45A48' },
  startDate,
  endDate,
  volume: { amount: 40, unit: '04', frequency: '6' },
  referrerType: '01',
});
const at = (day: string) => h.clock.set(`${day}T10:00:00Z`);

describe('evaluation form 1.1', () => {
  test('form 1.1 carries outcome.continuation and usefulness; 1.0 stays accepted; each is checked against its own form', async () => {
    at('2026-03-01');
    await h.services.allocations.create(system, allocation('CBS-F1', 9101, '2026-01-01', '2026-12-31'));
    await h.services.allocations.create(system, allocation('CBS-F2', 9102, '2026-01-01', '2026-12-31'));
    const post = (body: object) => h.http.post('/v1/evaluations').set('Authorization', provider).send(body);
    const v11 = evaluationInput('CBS-F1', '2026-01-01', '2026-02-28', {
      meetingDate: '2026-02-25',
      formVersion: '1.1',
      satisfaction: { youth: 8, parents: 7 },
      outcome: { continuation: '02' },
    });
    const created = await post(v11);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      formVersion: '1.1',
      outcome: { continuation: '02' },
      satisfaction: { youth: 8, parents: 7 },
    });
    expect(created.body.warnings).toBeUndefined();
    const v10 = await post(evaluationInput('CBS-F2', '2026-01-01', '2026-02-28', { meetingDate: '2026-02-25' }));
    expect([v10.status, v10.body.formVersion, v10.body.outcome]).toEqual([201, '1.0', null]);
    // 1.0 does not know outcome; 1.1 asks it on the closing evaluation; an unknown version is refused
    const wrong = await post(
      evaluationInput('CBS-F2', '2026-03-01', '2026-03-31', {
        meetingDate: '2026-02-28',
        outcome: { continuation: '04' },
      }),
    );
    expect(wrong.body.errors).toEqual([{ path: '/outcome', message: 'is not a known field here' }]);
    const closingWithout = await post(
      evaluationInput('CBS-F1', '2026-03-01', '2026-03-31', {
        meetingDate: '2026-02-28',
        formVersion: '1.1',
        isClosing: true,
      }),
    );
    expect(closingWithout.body.errors).toEqual([
      { path: '/outcome', message: 'is required unless isClosing is false' },
    ]);
    const badCode = await post({
      ...v11,
      periodStart: '2026-03-01',
      periodEnd: '2026-03-31',
      meetingDate: '2026-02-28',
      outcome: { continuation: '05' },
    });
    expect(badCode.body.errors).toEqual([
      { path: '/outcome/continuation', message: 'must be one of: "01", "02", "03", "04"' },
    ]);
    const unknown = await post({ ...v11, formVersion: '2.0' });
    expect(unknown.body.errors).toEqual([{ path: '/formVersion', message: 'is not one of the known values' }]);
  });

  test('a 201 carries non-blocking warnings: a meeting long before the period end, a closing evaluation without usefulness', async () => {
    at('2026-07-10');
    await h.services.allocations.create(system, allocation('CBS-W1', 9103, '2026-01-01', '2026-06-30'));
    const res = await h.http
      .post('/v1/evaluations')
      .set('Authorization', provider)
      .send(
        evaluationInput('CBS-W1', '2026-01-01', '2026-06-30', {
          meetingDate: '2026-05-20',
          formVersion: '1.1',
          isClosing: true,
          satisfaction: { youth: null, parents: null },
          outcome: { continuation: '04' },
        }),
      );
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      {
        path: '/meetingDate',
        message: 'is more than 30 days before periodEnd; the report may not show the end of the period',
      },
      {
        path: '/satisfaction',
        message:
          'a closing evaluation without usefulness from the youth or a parent counts for no client_satisfaction (BiJ 2)',
      },
    ]);
    expect(
      (await h.http.get(`/v1/evaluations/${encodeURIComponent(res.body.id)}`).set('Authorization', provider)).body
        .warnings,
    ).toBeUndefined();
  });
});

describe('the CBS outcome KPIs (2026-Q2, counted by hand)', () => {
  const closing = (n: string, start: string, end: string, extra: object) =>
    h.services.evaluations.submit(
      providerActor,
      evaluationInput(n, start, end, { meetingDate: end, isClosing: true, ...extra }),
    );
  const endIt = (n: string, date: string) => h.services.allocations.update(system, n, { end: { reason: '31', date } });

  beforeAll(async () => {
    at('2026-03-01');
    await h.services.allocations.create(system, allocation('CBS-A4-OTHER', 9204, '2026-03-01', '2026-12-31')); // c4's other care, begun before A4 ended
    // A1 (client 9201): ends 31 May, closing 1.1 says 04; no new care
    await h.services.allocations.create(system, allocation('CBS-A1', 9201, '2026-01-01', '2026-05-31'));
    // A2 (9202): ends 30 April, closing 1.1 says 01; new care from 1 August (within 6 months)
    await h.services.allocations.create(system, allocation('CBS-A2', 9202, '2026-01-01', '2026-04-30'));
    // A3 (9203): ends 30 June, closing form 1.0 (no continuation); new care from 15 January 2027 (after 6 months)
    await h.services.allocations.create(system, allocation('CBS-A3', 9203, '2026-01-01', '2026-06-30'));
    // A4 (9204): ends 15 June without a closing evaluation
    await h.services.allocations.create(system, allocation('CBS-A4', 9204, '2026-01-01', '2026-06-15'));
    at('2026-07-01');
    await closing('CBS-A1', '2026-01-01', '2026-05-31', { formVersion: '1.1', outcome: { continuation: '04' } });
    await closing('CBS-A2', '2026-01-01', '2026-04-30', { formVersion: '1.1', outcome: { continuation: '01' } });
    await closing('CBS-A3', '2026-01-01', '2026-06-30', {});
    await endIt('CBS-A1', '2026-05-31');
    await endIt('CBS-A2', '2026-04-30');
    await endIt('CBS-A3', '2026-06-30');
    await endIt('CBS-A4', '2026-06-15');
    await h.services.allocations.create(system, allocation('CBS-A2-AGAIN', 9202, '2026-08-01', '2026-12-31'));
    await h.services.allocations.create(system, allocation('CBS-A3-LATER', 9203, '2027-01-15', '2027-06-30'));
  });

  const figures = async (asOf: string) => {
    const results = await h.services.kpis.computeResults(['2026-Q2'], asOf);
    const mine = results.get('2026-Q2')!.get(P)!.overall;
    const pick = (kpi: string) => {
      const r = mine.find((x) => x.kpi === kpi)!;
      return { value: r.value, numerator: r.numerator, denominator: r.denominator };
    };
    return { noFurther: pick('no_further_help_rate'), noRepeat: pick('no_repeat_help_rate') };
  };

  test('no_further_help_rate: of A1 (04) and A2 (01), the closing evaluations with a continuation, one says no further help', async () => {
    expect((await figures('2027-01-31')).noFurther).toEqual({ value: 0.5, numerator: 1, denominator: 2 });
  });

  test('no_repeat_help_rate: once 6 months have passed, A1, A3 and A4 got no new care, A2 did', async () => {
    // 31 January 2027: every window has closed (the last, A3's, on 30 December): 3 of 4
    expect((await figures('2027-01-31')).noRepeat).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
    // 15 November 2026: only A2's window (to 30 October) has closed, and A2 came back: 0 of 1
    expect((await figures('2026-11-15')).noRepeat).toEqual({ value: 0, numerator: 0, denominator: 1 });
    // 1 October 2026: no window has closed: no data, not 0 %
    expect((await figures('2026-10-01')).noRepeat).toEqual({ value: null, numerator: 0, denominator: 0 });
  });
});
