/**
 * The waiting monitor on the real engine: allocations registered and care started
 * through the API and the providers' JW305 path (the day each start arrived), quarterly
 * reports, then the daily sweep's computation; the figures, the call list, the
 * protection-measure report and the waiting-list flag, each in the caller's scope.
 */
import { obligationsSweep } from '../../jobs/obligations-sweep';
import { systemActor } from '../../src/services/actor';
import { allocationInput, REGION, seedRegion, tokensFor } from '../support/factories';
import { createHarness, type Harness } from '../support/harness';
import type { AllocationInput } from '../../src/services/allocations/allocations.service';

describe('GET /v1/waiting, /v1/waiting/cases and /v1/waiting/protection.csv', () => {
  let h: Harness;
  let t: Awaited<ReturnType<typeof tokensFor>>;
  const numbers: Record<string, string> = {};
  const actor = systemActor('job', 'test: JW305 received');

  /** Registers an allocation of team A (provider A unless told) and records its start of care as a JW305 received on `receivedOn`. */
  async function allocation(
    name: string,
    o: {
      start: string;
      care?: string;
      receivedOn?: string;
      provider?: 'A' | 'B';
      category?: '45' | '43';
      referrer?: AllocationInput['referrerType'];
      bridgingFor?: AllocationInput['bridgingFor'];
      client?: string;
    },
  ) {
    const input = allocationInput('A', {
      startDate: o.start,
      referrerType: o.referrer ?? '01',
      ...(o.provider === 'B' ? { providerAgbCode: REGION.providerB, contractNumber: REGION.contractB } : {}),
      ...(o.category === '43' ? { product: { category: '43' as const, code: '43A05' } } : {}),
      ...(o.bridgingFor ? { bridgingFor: o.bridgingFor } : {}),
    });
    if (o.client) input.client = { ...input.client, bsn: numbers[`bsn:${o.client}`]! };
    numbers[`bsn:${name}`] = input.client.bsn;
    await h.http.post('/v1/allocations').set('Authorization', t.admin).send(input).expect(201);
    numbers[name] = input.allocationNumber;
    if (o.care) {
      h.clock.set(`${o.receivedOn ?? o.care}T10:00:00Z`);
      await h.services.allocations.reportCare(actor, input.allocationNumber, { kind: 'start', date: o.care });
      h.clock.set('2026-10-15T09:00:00Z');
    }
  }

  beforeAll(async () => {
    h = await createHarness();
    h.clock.set('2026-10-15T09:00:00Z');
    await seedRegion(h);
    t = await tokensFor(h);
    // provider A, category 45: three waiting (14, 75 and 136 days; the longest referred by a certified institution)
    await allocation('w14', { start: '2026-10-01' });
    await allocation('w75', { start: '2026-08-01' });
    await allocation('w136', { start: '2026-06-01', referrer: '04' });
    // provider A, category 45: care started after 10 days (reported in 3: on time) and after 40 (reported 21 days late)
    await allocation('s10', { start: '2026-09-01', care: '2026-09-11', receivedOn: '2026-09-14' });
    await allocation('s40', { start: '2026-07-01', care: '2026-08-10', receivedOn: '2026-08-31' });
    // provider B, category 43: a youth referred by a judge waits 167 days, meanwhile in bridging care at provider A
    await allocation('judge', { start: '2026-05-01', provider: 'B', category: '43', referrer: '08' });
    await allocation('bridge', { start: '2026-06-01', care: '2026-06-01', bridgingFor: '43', client: 'judge' });
    // provider A reports 10 waiting in 2026-Q2 and 2026-Q3; the allocations show 1 and 2
    const providerA = t.providerA;
    for (const quarter of ['2026-Q2', '2026-Q3'])
      await h.http
        .post('/v1/quarterly-reports')
        .set('Authorization', providerA)
        .send({
          contractNumber: REGION.contractA,
          quarter,
          waitingList: [{ productCode: '45A48', count: 10, longestWaitDays: 120 }],
          capacity: { clientsInCare: 40 },
          staff: { fte: 12, registeredShare: 0.9 },
          complaints: { received: 0 },
          incidents: { count: 0, reportedToInspectorate: 0 },
        })
        .expect(201);
  });
  afterAll(() => h.close());

  test('before the first computation the figures say so (asOf null), not that nobody waits', async () => {
    const res = await h.http.get('/v1/waiting').set('Authorization', t.contractManager);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ asOf: null, items: [], nextCursor: null });
  });

  test('the daily sweep computes them: per provider and category, the norms, the trend, timeliness, reported against measured', async () => {
    const run = await obligationsSweep.run(
      { services: h.services, config: h.config, database: h.db.database, logger: h.log.logger },
      h.clock.now(),
    );
    expect(run).toMatchObject({ waitingNow: 4 });
    const res = await h.http.get('/v1/waiting').set('Authorization', t.contractManager);
    expect(res.status).toBe(200);
    expect(res.body.asOf).toBe('2026-10-15');
    const a45 = res.body.items.find(
      (r: { providerAgbCode: string; productCategory: string }) =>
        r.providerAgbCode === REGION.providerA && r.productCategory === '45',
    );
    expect(a45).toMatchObject({
      municipalityCode: '*',
      waitingNow: 3,
      medianWaitDays: 75,
      longestWaitDays: 136,
      over6Weeks: 2,
      over3Months: 1,
      inBridgingCare: 0,
      protectionMeasure: { waitingNow: 1, longestWaitDays: 136, over3Months: 1, inBridgingCare: 0 },
      reportedWaitingList: { quarter: '2026-Q3', reported: 10, measured: 2, difference: 8 },
    });
    expect(a45.trend).toHaveLength(12);
    expect(a45.trend.filter((p: { started: number }) => p.started > 0)).toEqual([
      { month: '2026-08', started: 1, medianDaysToStart: 40 },
      { month: '2026-09', started: 1, medianDaysToStart: 10 },
    ]);
    expect(a45.messageTimeliness.find((m: { quarter: string }) => m.quarter === '2026-Q3')).toEqual({
      quarter: '2026-Q3',
      messages: 2,
      onTime: 1,
      onTimeShare: 0.5,
      medianDelayDays: 3,
    });
    const b43 = res.body.items.find(
      (r: { providerAgbCode: string; productCategory: string }) =>
        r.providerAgbCode === REGION.providerB && r.productCategory === '43',
    );
    expect(b43).toMatchObject({
      waitingNow: 1,
      longestWaitDays: 167,
      inBridgingCare: 1,
      protectionMeasure: { waitingNow: 1, over3Months: 1, inBridgingCare: 1 },
    });
    // no case-level data in it: no allocation numbers, no client references
    expect(JSON.stringify(res.body)).not.toMatch(/TW-A-|clientRef|bsn/);
  });

  test('a provider reads its own figures only; another provider named is 403', async () => {
    const own = await h.http.get('/v1/waiting').set('Authorization', t.providerB);
    expect(own.body.items.map((r: { providerAgbCode: string }) => r.providerAgbCode)).toEqual([REGION.providerB]);
    expect(
      (await h.http.get(`/v1/waiting?providerAgbCode=${REGION.providerA}`).set('Authorization', t.providerB)).status,
    ).toBe(403);
    const bad = await h.http.get('/v1/waiting?productCategory=4').set('Authorization', t.consultantA);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/productCategory');
  });

  test("the call list: the team's waiting youths longest first, with bridging care's days and the flags they carry, paged", async () => {
    const first = await h.http.get('/v1/waiting/cases?limit=2').set('Authorization', t.consultantA);
    expect(first.status).toBe(200);
    expect(first.body.items.map((r: { allocationNumber: string }) => r.allocationNumber)).toEqual([
      numbers.judge,
      numbers.w136,
    ]);
    expect(first.body.items[0]).toMatchObject({
      providerAgbCode: REGION.providerB,
      waitingDays: 167,
      waitingFor: '43',
      bridging: { since: '2026-06-01', days: 136 },
      protectionMeasure: true,
      openFlags: ['care_not_started', 'evaluation_overdue'],
    });
    const next = await h.http
      .get(`/v1/waiting/cases?limit=2&cursor=${first.body.nextCursor}`)
      .set('Authorization', t.consultantA);
    expect(next.body.items.map((r: { allocationNumber: string }) => r.allocationNumber)).toEqual([
      numbers.w75,
      numbers.w14,
    ]);
    expect(next.body.nextCursor).toBeNull();
    // another team's consultant sees none of them; a contract manager no case list at all
    expect((await h.http.get('/v1/waiting/cases').set('Authorization', t.consultantB)).body.items).toEqual([]);
    expect((await h.http.get('/v1/waiting/cases').set('Authorization', t.contractManager)).status).toBe(403);
    expect(
      (await h.http.get(`/v1/waiting/cases?teamCode=${REGION.teamA}`).set('Authorization', t.consultantB)).status,
    ).toBe(403);
  });

  test('care started through JW305 takes a youth off the call list at once', async () => {
    await h.services.allocations.reportCare(actor, numbers.w75!, { kind: 'start', date: '2026-10-14' });
    const res = await h.http.get('/v1/waiting/cases').set('Authorization', t.consultantA);
    expect(res.body.items.map((r: { allocationNumber: string }) => r.allocationNumber)).not.toContain(numbers.w75);
  });

  test("a provider's reported list off by more than the margin two quarters running raises waiting_list_misreported", async () => {
    const flags = await h.http.get('/v1/flags?type=waiting_list_misreported').set('Authorization', t.contractManager);
    expect(flags.body.items).toEqual([
      expect.objectContaining({
        subject: { kind: 'provider', id: REGION.providerA },
        evidence: { 'reported 2026-Q2': 10, 'measured 2026-Q2': 1, 'reported 2026-Q3': 10, 'measured 2026-Q3': 2 },
      }),
    ]);
  });

  test('the protection-measure report: per month, referrer and municipality, counts only, small counts withheld', async () => {
    const res = await h.http.get('/v1/waiting/protection.csv').set('Authorization', t.contractManager);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\n');
    expect(lines[0]).toBe('month,asOf,referrerType,municipalityCode,waiting,over6Weeks,over3Months,inBridgingCare');
    expect(lines.slice(1)).toEqual([
      `2026-10,2026-10-15,04,${REGION.municipalityA},,,,0`,
      `2026-10,2026-10-15,08,${REGION.municipalityA},,,,`,
    ]);
    expect((await h.http.get('/v1/waiting/protection.csv').set('Authorization', t.consultantA)).status).toBe(403);
  });

  test('figures are stored with their trend and timeliness packed; a row stored by an earlier build (arrays) reads the same', async () => {
    const before = (await h.http.get('/v1/waiting').set('Authorization', t.contractManager).expect(200)).body;
    const col = h.db.raw.db.collection<Record<string, unknown> & { _id: string }>('waiting_figures');
    const stored = (await col.find({}).toArray()).filter((r) => typeof r.trendPacked === 'string');
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.every((r) => !('trend' in r))).toBe(true);
    // as an earlier build wrote them: the arrays themselves
    let rewritten = 0;
    for (const r of (before.items as (Record<string, unknown> & { id?: string })[]).slice(0, 3)) {
      const row = stored.find(
        (d) =>
          d.providerAgbCode === r.providerAgbCode &&
          d.productCategory === r.productCategory &&
          d.municipalityCode === (r.municipalityCode ?? '*'),
      );
      if (!row) continue;
      rewritten += 1;
      await col.replaceOne(
        { _id: row._id },
        {
          ...Object.fromEntries(Object.entries(row).filter(([k]) => !k.endsWith('Packed'))),
          trend: r.trend,
          messageTimeliness: r.messageTimeliness,
        },
      );
    }
    expect(rewritten).toBeGreaterThan(0);
    expect((await h.http.get('/v1/waiting').set('Authorization', t.contractManager).expect(200)).body).toEqual(before);
  });
});
