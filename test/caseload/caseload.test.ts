/**
 * GET /v1/caseload and /v1/caseload/summary: the inspection's questions per active
 * allocation of a team, and as counts, with figures computed by hand (the test clock
 * stands at 2026-07-01; the contracts keep the default rules: an evaluation every 3
 * months, due from 14 days before, overdue after 14 days' grace).
 */
import { MIGRATIONS } from '../../src/db/migrations.list';
import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';

describe('the caseload', () => {
  let h: Harness;
  let t: RegionTokens;
  const waitingLong = allocationInput('A'); // started 2026-02-01, care never started, never evaluated
  const unknownHome = allocationInput('A', { careStartDate: '2026-02-10' });
  const fresh = allocationInput('A', { startDate: '2026-06-15', careStartDate: '2026-06-20' });
  const ended = allocationInput('A');
  const otherTeam = allocationInput('B');
  let evaluationId = '';
  let requestId = '';

  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    const cli = systemActor('cli', 'test');
    for (const a of [waitingLong, unknownHome, fresh, ended, otherTeam]) await h.services.allocations.create(cli, a);
    await h.http
      .patch(`/v1/allocations/${ended.allocationNumber}`)
      .set('Authorization', t.consultantA)
      .send({ end: { reason: '32', date: '2026-06-30' } })
      .expect(200);
    const ev = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(unknownHome.allocationNumber, '2026-02-01', '2026-06-20', {
          residence: { type: 'unknown' },
          caseDirection: { holder: 'none' },
        }),
      )
      .expect(201);
    evaluationId = ev.body.id as string;
    const xr = await h.http
      .post('/v1/extension-requests')
      .set('Authorization', t.providerA)
      .send({
        allocationNumber: unknownHome.allocationNumber,
        requestedEndDate: '2027-03-31',
        reasoning: 'Doelen nog niet behaald, zie evaluatie.',
        evaluationId,
      })
      .expect(201);
    requestId = xr.body.id as string;
  });
  afterAll(() => h.close());

  const caseload = (query = '', token = t.consultantA) =>
    h.http.get(`/v1/caseload${query}`).set('Authorization', token);

  test("a consultant's rows: its team's active allocations only, each question answered", async () => {
    const res = await caseload();
    expect(res.status).toBe(200);
    const numbers = (res.body.items as { allocationNumber: string }[]).map((r) => r.allocationNumber);
    expect(numbers).toEqual(
      [waitingLong, unknownHome, fresh].map((a) => a.allocationNumber).sort((x, y) => x.localeCompare(y)),
    );
    const row = (n: string) => (res.body.items as { allocationNumber: string }[]).find((r) => r.allocationNumber === n);
    expect(row(waitingLong.allocationNumber)).toMatchObject({
      providerAgbCode: REGION.providerA,
      municipalityCode: REGION.municipalityA,
      startDate: '2026-02-01',
      endDate: '2026-12-31',
      careStartDate: null,
      waitingDays: 150, // 2026-02-01 to 2026-07-01
      lastEvaluation: null,
      evaluationStatus: 'overdue', // the first was due 2026-04-30, overdue from 2026-05-15
      nextEvaluationDueDate: '2026-04-30',
      residence: null,
      caseDirection: null,
      openExtensionRequest: null,
    });
    expect(row(unknownHome.allocationNumber)).toMatchObject({
      careStartDate: '2026-02-10',
      waitingDays: null,
      lastEvaluation: { id: evaluationId, periodEnd: '2026-06-20', meetingDate: '2026-06-20' },
      evaluationStatus: 'on_time', // next due 2026-09-20
      nextEvaluationDueDate: '2026-09-20',
      residence: 'unknown',
      caseDirection: 'none',
      openFlags: ['no_case_direction', 'residence_unknown'],
      openExtensionRequest: { id: requestId, status: 'submitted' },
    });
    expect(row(fresh.allocationNumber)).toMatchObject({
      waitingDays: null,
      evaluationStatus: 'never', // the first is due 2026-09-14
      openFlags: [],
    });
    expect(res.text).not.toContain(otherTeam.allocationNumber);
    expect(res.text).not.toContain(waitingLong.client.bsn);
  });

  test('filters narrow the rows; paging walks them by a cursor', async () => {
    const only = async (q: string) =>
      ((await caseload(q)).body.items as { allocationNumber: string }[]).map((r) => r.allocationNumber);
    expect(await only('?waiting=true')).toEqual([waitingLong.allocationNumber]);
    expect(await only('?residence=unknown')).toEqual([unknownHome.allocationNumber]);
    expect(await only('?caseDirection=none')).toEqual([unknownHome.allocationNumber]);
    expect(await only('?evaluationStatus=never')).toEqual([fresh.allocationNumber]);
    expect(await only('?evaluationStatus=due')).toEqual([]);
    expect(await only(`?providerAgbCode=${REGION.providerB}`)).toEqual([]);
    const first = await caseload('?limit=2');
    expect(first.body.items).toHaveLength(2);
    const second = await caseload(`?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeNull();
  });

  test('a bad filter is a 400 naming it; another team is 403; an admin reads any team', async () => {
    const bad = await caseload('?evaluationStatus=late');
    expect(bad.status).toBe(400);
    expect(bad.type).toBe('application/problem+json');
    expect(JSON.stringify(bad.body.errors)).toContain('evaluationStatus');
    expect((await caseload(`?teamCode=${REGION.teamB}`)).status).toBe(403);
    const admin = await caseload(`?teamCode=${REGION.teamB}`, t.admin);
    expect((admin.body.items as { allocationNumber: string }[]).map((r) => r.allocationNumber)).toEqual([
      otherTeam.allocationNumber,
    ]);
    expect((await caseload('', t.admin)).body.items).toHaveLength(4);
  });

  test('the summary counts the same scope', async () => {
    const res = await h.http.get('/v1/caseload/summary').set('Authorization', t.consultantA);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      asOf: '2026-07-01',
      activeAllocations: 3,
      youths: 3,
      byProvider: [{ providerAgbCode: REGION.providerA, activeAllocations: 3, youths: 3 }],
      careStarted: 2,
      waiting: { total: 1, over6Weeks: 1, over3Months: 1 },
      residence: {
        home: 0,
        foster_family: 0,
        family_home: 0,
        residential: 0,
        secure: 0,
        unknown: 1,
        notReported: 2,
      },
      caseDirection: { parents: 0, provider: 0, municipal_team: 0, certified_institution: 0, none: 1, notReported: 2 },
      evaluations: { withinInterval: 1, overdue: 1, never: 1 },
      extensions: { withRecentEvaluation: 0, withoutEvaluation: 0, bulk: 0 },
    });
  });

  test('a decided extension leaves the row and is counted as resting on a recent evaluation', async () => {
    await h.http
      .post(`/v1/extension-requests/${requestId}/decision`)
      .set('Authorization', t.consultantA)
      .send({ decision: 'approved' })
      .expect(200);
    const row = ((await caseload('?residence=unknown')).body.items as Record<string, unknown>[])[0];
    expect(row).toMatchObject({ endDate: '2027-03-31', openExtensionRequest: null });
    const summary = await h.http.get('/v1/caseload/summary').set('Authorization', t.consultantA);
    expect(summary.body.extensions).toEqual({ withRecentEvaluation: 1, withoutEvaluation: 0, bulk: 0 });
  });

  test('migration 0017 names the allocation of each flag raised before it: the rows show the same open flags', async () => {
    const before = (await caseload()).body.items as { allocationNumber: string; openFlags: string[] }[];
    expect(before.some((r) => r.openFlags.length > 0)).toBe(true);
    const flags = h.db.raw.col.flags;
    const named = await flags.countDocuments({ allocationNumber: { $exists: true } });
    expect(named).toBeGreaterThan(0);
    await flags.updateMany({}, { $unset: { allocationNumber: '' } }); // as flags raised before the field
    expect(((await caseload()).body.items as { openFlags: string[] }[]).every((r) => r.openFlags.length === 0)).toBe(
      true,
    );
    await MIGRATIONS.find((m) => m.id === '0017-flags-allocation-number')!.up(h.db.raw.db);
    expect(await flags.countDocuments({ allocationNumber: { $exists: true } })).toBe(named);
    expect((await caseload()).body.items).toEqual(before);
  });

  test("a day's first read counts every part of the team in one pass, and keeps them all", async () => {
    const { col } = h.db.raw;
    await col.caseloadSnapshots.deleteMany({});
    const first = (await h.http.get('/v1/caseload/summary').set('Authorization', t.consultantA).expect(200)).body;
    expect(
      await col.caseloadSnapshots.countDocuments({ teamCode: REGION.teamA, figure: 'summary/2', asOf: '2026-07-01' }),
    ).toBe(64);
    expect((await h.http.get('/v1/caseload/summary').set('Authorization', t.consultantA).expect(200)).body).toEqual(
      first,
    );
  });
});
