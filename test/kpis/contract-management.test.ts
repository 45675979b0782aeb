import { KPI_IDS } from '../../src/kpis/types';
import { errors } from '../../src/errors';
import { recomputationFailure } from '../../src/services/kpis/kpi-recomputations.service';
/**
 * A provider through three quarters: drop-out red in Q1 (a kpi_below_target flag
 * opens and the contract managers are told), green in Q2 (the flag resolves), amber
 * in Q3 (a new one opens). Along the way: consultants' ratings, a recomputation after
 * a late registration, the region overview, the CSV export and the scorecard.
 */
import { parse } from 'csv-parse/sync';
import { housekeeping } from '../../jobs/housekeeping';
import { kpiSheetsCollectionName } from '../../src/repositories/kpi.repository';
import { kpiSnapshot } from '../../jobs/kpi-snapshot';
import { apiActor, systemActor } from '../../src/services/actor';
import type { AllocationInput } from '../../src/services/allocations/allocations.service';
import { fictionalBsn } from '../../src/domain/test-bsns';
import { KPI_CSV_COLUMNS } from '../../src/presenters/kpis-csv.presenter';
import { createHarness, type Harness } from '../support/harness';

const X = '41000001';
const Y = '41000002';
const TEAM = 'TEAM-CM';
const M = '0344';

describe('contract management over three quarters', () => {
  let h: Harness;
  let tokens: { cm: string; x: string; y: string; consultant: string; admin: string };
  const system = systemActor('cli', 'scenario');
  const numbers: Record<string, string[]> = { q1: [], q2: [], q3: [], long: [] };
  const bsnsUsed: string[] = [];
  let n = 0;
  const allocation = (agb: string, number: string): AllocationInput => {
    const bsn = fictionalBsn(8100 + (n += 1));
    bsnsUsed.push(bsn);
    return {
      allocationNumber: number,
      client: { bsn, birthDate: '2010-01-01' },
      municipalityCode: M,
      teamCode: TEAM,
      providerAgbCode: agb,
      contractNumber: `C-${agb}`,
      product: { category: '45', code: '45A48' },
      startDate: '2026-01-01',
      endDate: '2026-12-31',
      volume: { amount: 10, unit: '04', frequency: '6' },
      referrerType: '01',
      careStartDate: '2026-01-05',
    };
  };
  const at = (day: string) => h.clock.set(`${day}T10:00:00Z`);
  const resultCollections = async () =>
    (await h.db.raw.db.listCollections({}, { nameOnly: true }).toArray())
      .map((c) => c.name)
      .filter((n) => n.startsWith('kpi_results_'))
      .sort();
  const snapshot = async (day: string) => {
    at(day);
    return kpiSnapshot.run(
      { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger },
      h.clock.now(),
    );
  };
  const dropoutFlags = async () =>
    (await h.db.raw.col.flags.find({ type: 'kpi_below_target', providerAgbCode: X }, { sort: { _id: 1 } }).toArray())
      .filter((f) => f.subject.id === `${X}/dropout_rate`)
      .map((f) => ({ id: f._id, status: f.status, rating: f.evidence.rating, quarter: f.evidence.quarter }));
  const endAll = async (list: string[], date: string, dropouts: number) => {
    for (const [i, number] of list.entries())
      await h.services.allocations.update(system, number, { end: { reason: i < dropouts ? '32' : '31', date } });
  };

  beforeAll(async () => {
    h = await createHarness({
      CONTRACT_MANAGER_EMAILS: 'contractbeheer@regio.example',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    }); // the outbox is not delivered here
    at('2026-01-05');
    const r = h.services.registry;
    await r.createProvider({ agbCode: X, name: 'Aanbieder X', email: 'x@x.example' });
    await r.createProvider({ agbCode: Y, name: 'Aanbieder Y', email: 'y@y.example' });
    await r.createTeam({ teamCode: TEAM, name: 'Team CM', municipalityCodes: [M] });
    await r.createTeam({ teamCode: 'TEAM-ELSE', name: 'Team elders', municipalityCodes: ['0345'] });
    for (const agb of [X, Y])
      await r.createContract({
        contractNumber: `C-${agb}`,
        providerAgbCode: agb,
        startDate: '2026-01-01',
        endDate: '2027-12-31',
        productCodes: ['45A48'],
      });
    for (const [batch, count] of [
      ['q1', 5],
      ['q2', 5],
      ['q3', 7],
      ['long', 5],
    ] as const) {
      for (let i = 1; i <= count; i += 1) {
        const number = `X-${batch}-${i}`;
        numbers[batch]!.push(number);
        await h.services.allocations.create(system, allocation(X, number));
      }
    }
    await h.services.allocations.create(system, allocation(Y, 'Y-1'));
    tokens = {
      cm: await h.bearer('contract_manager'),
      admin: await h.bearer('admin'),
      x: await h.bearer('provider', { providerAgbCode: X }),
      y: await h.bearer('provider', { providerAgbCode: Y }),
      consultant: await h.bearer('consultant', { teamCode: TEAM }),
    };
  });
  afterAll(() => h.close());

  test('ratings open the flag, a green quarter resolves it, amber opens a new one', async () => {
    at('2026-03-20');
    await endAll(numbers.q1!, '2026-03-15', 3); // Q1: 3 of 5 dropped out
    for (const [token, score] of [
      [tokens.consultant, 5],
      [await h.bearer('consultant', { teamCode: TEAM }), 6],
    ] as const) {
      const res = await h.http
        .post('/v1/experience-ratings')
        .set('Authorization', token)
        .send({ providerAgbCode: X, quarter: '2026-Q1', score, remarks: 'Moeizaam contact.' });
      expect(res.status).toBe(201);
    }

    const early = await snapshot('2026-05-10'); // Q1 still settling: provisional, no flag yet
    expect(early).toMatchObject({ finalQuarters: 0, provisionalQuarters: 2, flagsRaised: 0 });
    expect(await dropoutFlags()).toEqual([]);

    const q1 = await snapshot('2026-05-20'); // Q1 settled on 05-15
    expect(q1.finalQuarters).toBe(1);
    expect(await dropoutFlags()).toEqual([
      { id: `kpi_below_target:${X}/dropout_rate:2026-Q1`, status: 'open', rating: 'red', quarter: '2026-Q1' },
    ]);
    // the contract managers get one digest of the flags raised, not a message per flag
    const told = await h.db.raw.col.outbox.find({ event: 'flags.raised' }).toArray();
    expect(told.map((m) => m.recipient)).toEqual([
      { kind: 'contract_manager', id: 'region', address: 'contractbeheer@regio.example' },
    ]);
    // thin: counts per provider and type, a link to the flags; no flag ids or cases
    const counts = told[0]!.payload.counts as { providerAgbCode: string; type: string; count: number }[];
    expect(counts).toContainEqual({ providerAgbCode: X, type: 'kpi_below_target', count: expect.any(Number) });
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(q1.flagsRaised);
    expect(told[0]!.payload.links).toEqual({ flags: '/v1/flags?status=open' });
    // the consultants' 5 and 6 make 5.5: red, but two ratings are too few to act on: no flag
    const experience = (
      await h.http
        .get(`/v1/kpis?providerAgbCode=${X}&quarter=2026-Q1&kpi=consultant_experience`)
        .set('Authorization', tokens.cm)
    ).body.items[0];
    expect(experience).toMatchObject({ value: 5.5, denominator: 2, rating: 'red', smallSample: true });
    expect(await h.db.raw.col.flags.countDocuments({ _id: { $regex: 'consultant_experience' } })).toBe(0);

    const again = await snapshot('2026-05-21'); // nothing new to compute but the open quarter; the flag stays as it is
    expect(again).toMatchObject({ finalQuarters: 0, flagsRaised: 0, flagsResolved: 0 });

    at('2026-05-20');
    await endAll(numbers.q2!, '2026-05-15', 0); // Q2: none dropped out
    await snapshot('2026-08-20');
    expect(await dropoutFlags()).toEqual([
      { id: `kpi_below_target:${X}/dropout_rate:2026-Q1`, status: 'resolved', rating: 'red', quarter: '2026-Q1' },
    ]);
    const resolved = await h.db.raw.col.flags.findOne({ _id: `kpi_below_target:${X}/dropout_rate:2026-Q1` });
    expect(resolved?.resolution?.by).toBe('rule');

    at('2026-08-20');
    await endAll(numbers.q3!, '2026-08-15', 1); // Q3: 1 of 7, 14%: amber against 10% with a 5-point band
    await snapshot('2026-11-20');
    expect(await dropoutFlags()).toEqual([
      { id: `kpi_below_target:${X}/dropout_rate:2026-Q1`, status: 'resolved', rating: 'red', quarter: '2026-Q1' },
      { id: `kpi_below_target:${X}/dropout_rate:2026-Q3`, status: 'open', rating: 'amber', quarter: '2026-Q3' },
    ]);
    const series = (
      await h.http.get(`/v1/kpis?providerAgbCode=${X}&kpi=dropout_rate`).set('Authorization', tokens.cm)
    ).body.items.map((r: { quarter: string; value: number; rating: string; status: string }) => [
      r.quarter,
      r.value,
      r.rating,
      r.status,
    ]);
    expect(series).toEqual([
      ['2026-Q1', 0.6, 'red', 'final'],
      ['2026-Q2', 0, 'green', 'final'],
      ['2026-Q3', 1 / 7, 'amber', 'final'],
      ['2026-Q4', null, 'no_data', 'provisional'],
    ]);
  });

  test('a late registration: a recomputation on request changes the figures and is recorded', async () => {
    at('2026-11-21');
    await h.services.allocations.update(system, numbers.long![0]!, { end: { reason: '32', date: '2026-03-20' } }); // registered months late
    const before = (
      await h.http.get(`/v1/kpis?providerAgbCode=${X}&quarter=2026-Q1&kpi=dropout_rate`).set('Authorization', tokens.cm)
    ).body.items[0];
    expect([before.numerator, before.denominator]).toEqual([3, 5]); // a final quarter does not change by itself

    const bad = await h.http
      .post('/v1/kpis/recompute')
      .set('Authorization', tokens.cm)
      .send({ quarter: '2027-Q2', reason: '' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['/reason']);
    const future = await h.http
      .post('/v1/kpis/recompute')
      .set('Authorization', tokens.cm)
      .send({ quarter: '2027-Q2', reason: 'Te vroeg.' });
    expect(future.status).toBe(422);
    expect(future.body.errors).toEqual([{ path: '/quarter', message: 'must not be a future quarter' }]);

    const res = await h.http
      .post('/v1/kpis/recompute')
      .set('Authorization', tokens.cm)
      .send({ quarter: '2026-Q1', reason: 'Uitval van X-long-1 laat geregistreerd.' });
    expect(res.status).toBe(202); // the computation runs on: the answer says where to follow it
    expect(res.headers.location).toBe(`/v1/kpis/recomputations/${res.body.id}`);
    expect(res.body).toMatchObject({
      quarter: '2026-Q1',
      status: 'queued',
      reason: 'Uitval van X-long-1 laat geregistreerd.',
      result: null,
    });
    await h.services.kpiRecomputations.settled();
    const done = await h.http.get(res.headers.location!).set('Authorization', tokens.cm);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      id: res.body.id,
      status: 'succeeded',
      result: { status: 'final', providers: 2 },
      error: null,
    });
    expect(done.body.finishedAt >= done.body.startedAt).toBe(true);
    expect((await h.http.get(res.headers.location!).set('Authorization', tokens.x)).status).toBe(403);
    expect((await h.http.get('/v1/kpis/recomputations/rc_nope').set('Authorization', tokens.cm)).status).toBe(404);
    const after = (
      await h.http.get(`/v1/kpis?providerAgbCode=${X}&quarter=2026-Q1&kpi=dropout_rate`).set('Authorization', tokens.cm)
    ).body.items[0];
    expect([after.numerator, after.denominator]).toEqual([4, 6]);

    const q1 = (await h.http.get('/v1/kpis/computations').set('Authorization', tokens.cm)).body.items.find(
      (q: { quarter: string }) => q.quarter === '2026-Q1',
    );
    expect(
      q1.history.map((e: { trigger: string; status: string; reason: string | null }) => [
        e.trigger,
        e.status,
        e.reason,
      ]),
    ).toEqual([
      ['snapshot', 'provisional', null],
      ['snapshot', 'final', null],
      ['recompute', 'final', 'Uitval van X-long-1 laat geregistreerd.'],
    ]);
    // each quarter's current computation has its collections; the replaced ones are dropped
    const current = (await h.db.raw.col.kpiQuarters.find({}).toArray()).map((q) =>
      kpiSheetsCollectionName(q.computationId, false),
    );
    expect((await resultCollections()).filter((n) => n.includes('_o_')).sort()).toEqual(current.sort());
    const audit = await h.db.raw.col.auditEvents.find({ action: 'kpi.recompute' }).toArray();
    expect(audit.map((e) => [e.objectId, e.actor.role])).toEqual([['2026-Q1', 'contract_manager']]);
  });

  test('housekeeping drops the results of a computation that died before it was made current, a day later', async () => {
    const { db } = h.db.raw;
    const orphan = async (id: string, storedAt: Date) => {
      const name = kpiSheetsCollectionName(id, false);
      await db.collection(name).insertOne({
        _id: X as never,
        computationId: id,
        quarter: '2026-Q1',
        providerAgbCode: X,
        results: [],
        storedAt,
      });
      return name;
    };
    const old = await orphan('2026-Q1@dead#old', new Date(Date.now() - 2 * 86_400_000));
    const fresh = await orphan('2026-Q1@dead#new', new Date());
    const before = await resultCollections();
    const counts = await housekeeping.run(
      { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger },
      h.clock.now(),
    );
    expect(counts.orphanKpiResults).toBe(1);
    expect(await resultCollections()).toEqual(before.filter((n) => n !== old));
    await db.collection(fresh).drop();
  });

  test('a recomputation a crash left behind is taken up again: at start-up, or by the daily sweep', async () => {
    const { kpiRecomputations } = h.db.raw.col;
    const requestedBy = {
      principal: null,
      audit: { tokenId: null, role: 'cli' as const, organisation: null, label: 'crashed hub' },
      requestId: null,
      sourceIp: null,
    };
    // queued and never started; running when its hub died (its lock expired with it)
    await kpiRecomputations.insertMany([
      {
        _id: 'rc_queued',
        quarter: '2026-Q1',
        reason: 'Na herstart.',
        requestedBy,
        requestedAt: h.clock.now(),
        status: 'queued',
        attempts: 0,
      },
      {
        _id: 'rc_running',
        quarter: '2026-Q2',
        reason: 'Halverwege gestopt.',
        requestedBy,
        requestedAt: h.clock.now(),
        status: 'running',
        startedAt: h.clock.now(),
        attempts: 1,
      },
    ]);
    expect(await h.services.kpiRecomputations.resumeAbandoned()).toBe(2);
    await h.services.kpiRecomputations.settled();
    const after = await kpiRecomputations
      .find({ _id: { $in: ['rc_queued', 'rc_running'] } }, { sort: { _id: 1 } })
      .toArray();
    expect(after.map((r) => [r._id, r.status, r.attempts, r.result?.status])).toEqual([
      ['rc_queued', 'succeeded', 1, 'final'],
      ['rc_running', 'succeeded', 2, 'final'],
    ]);
    expect(await h.services.kpiRecomputations.resumeAbandoned()).toBe(0); // nothing left to take up
  });

  test('the overview ranks providers per KPI, best first, no data last', async () => {
    const res = await h.http.get('/v1/kpis/overview?quarter=2026-Q1').set('Authorization', tokens.cm);
    expect(res.status).toBe(200);
    const dropout = res.body.kpis.find((k: { kpi: string }) => k.kpi === 'dropout_rate');
    expect(
      dropout.ranking.map((r: { providerAgbCode: string; rank: number | null; rating: string }) => [
        r.providerAgbCode,
        r.rank,
        r.rating,
      ]),
    ).toEqual([
      [X, 1, 'red'],
      [Y, null, 'no_data'],
    ]);
    expect(dropout.counts).toEqual({ green: 0, amber: 0, red: 1, no_data: 1 });
    expect((await h.http.get('/v1/kpis/overview').set('Authorization', tokens.cm)).status).toBe(400);
  });

  test('the CSV export opens in Excel with Dutch settings and names no client', async () => {
    const res = await h.http
      .get('/v1/kpis/export.csv?quarterFrom=2026-Q1&quarterTo=2026-Q3')
      .set('Authorization', tokens.cm)
      .buffer(true)
      .parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="kpis.csv"');
    const bytes = res.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    expect(text.split('\r\n')[0]).toBe(KPI_CSV_COLUMNS.join(';'));
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    const records = parse<Record<string, string>>(text, { delimiter: ';', columns: true });
    expect(records).toHaveLength(3 * 2 * KPI_IDS.length);
    const q3 = records.find((r) => r.Kwartaal === '2026-Q3' && r['AGB-code'] === X && r.KPI === 'dropout_rate')!;
    expect(q3).toMatchObject({
      Aanbieder: 'Aanbieder X',
      Gemeente: 'alle',
      Omschrijving: 'Uitval',
      Eenheid: 'aandeel',
      Waarde: '0,1429',
      Teller: '1',
      Noemer: '7',
      Norm: '0,1',
      Bandbreedte: '0,05',
      Beoordeling: 'oranje',
      'Kleine aantallen': 'nee',
      Status: 'definitief',
    });
    expect(records.find((r) => r['AGB-code'] === Y && r.KPI === 'dropout_rate')).toMatchObject({
      Waarde: '',
      Beoordeling: 'geen gegevens',
    });
    for (const marker of [...bsnsUsed, ...numbers.q1!, 'Y-1']) expect(text).not.toContain(marker);
    expect((await h.http.get('/v1/kpis/export.csv').set('Authorization', tokens.x)).status).toBe(403);
  });

  test('the scorecard: eight quarters and the current one per KPI with trend, open flags, the latest report, reviews; the provider sees the same', async () => {
    await h.services.quarterlyReports.submit(
      apiActor(
        { tokenId: 'yht_x000000000000001', role: 'provider', label: 'x', providerAgbCode: X },
        'test',
        '127.0.0.1',
      ),
      {
        contractNumber: `C-${X}`,
        quarter: '2026-Q3',
        waitingList: [{ productCode: '45A48', count: 4, longestWaitDays: 40 }],
        capacity: { clientsInCare: 12 },
        staff: { fte: 6, registeredShare: 0.95 },
        complaints: { received: 1 },
        incidents: { count: 0, reportedToInspectorate: 0 },
      },
    );
    const review = await h.http
      .post('/v1/reviews')
      .set('Authorization', tokens.cm)
      .send({ providerAgbCode: X, date: '2026-11-21', kpisDiscussed: ['dropout_rate'], notes: 'Uitval besproken.' });
    expect(review.status).toBe(201);

    const res = await h.http.get(`/v1/providers/${X}/scorecard`).set('Authorization', tokens.cm);
    expect(res.status).toBe(200);
    const card = res.body;
    expect(card.provider).toMatchObject({ agbCode: X, name: 'Aanbieder X' });
    expect(card.currentQuarter).toBe('2026-Q4');
    expect(card.kpis.map((k: { kpi: string }) => k.kpi)).toHaveLength(KPI_IDS.length);
    const dropout = card.kpis.find((k: { kpi: string }) => k.kpi === 'dropout_rate');
    expect(
      dropout.quarters.map((q: { quarter: string; status: string; rating: string | null }) => [
        q.quarter,
        q.status,
        q.rating,
      ]),
    ).toEqual([
      ['2024-Q4', 'not_computed', null],
      ['2025-Q1', 'not_computed', null],
      ['2025-Q2', 'not_computed', null],
      ['2025-Q3', 'not_computed', null],
      ['2025-Q4', 'not_computed', null],
      ['2026-Q1', 'final', 'red'],
      ['2026-Q2', 'final', 'green'],
      ['2026-Q3', 'final', 'amber'],
      ['2026-Q4', 'provisional', 'no_data'],
    ]);
    expect(dropout.latest).toMatchObject({ quarter: '2026-Q3', rating: 'amber' });
    expect(dropout.trend).toBe('worsening'); // 0% in Q2, 14% in Q3
    expect(card.openFlags.providerFlags.map((f: { id: string }) => f.id)).toContain(
      `kpi_below_target:${X}/dropout_rate:2026-Q3`,
    );
    // the provider's few case flags are counted under the small-number rule: some, not how many
    const counts = card.openFlags.countsByType as Record<string, number | null>;
    expect(counts.kpi_below_target).toBeGreaterThanOrEqual(1);
    expect(Object.values(counts)).toContain(null);
    expect(card.openFlags.total).toBeNull();
    expect(card.latestQuarterlyReport).toMatchObject({
      quarter: '2026-Q3',
      waitingList: [{ productCode: '45A48', count: 4, longestWaitDays: 40 }],
    });
    expect(card.reviews.map((r: { id: string }) => r.id)).toEqual([review.body.id]);
    expect(card.nextTalkDate).toBe(review.body.nextTalkDate);

    const own = await h.http.get(`/v1/providers/${X}/scorecard`).set('Authorization', tokens.x);
    expect(own.status).toBe(200);
    expect(own.body.kpis).toEqual(card.kpis);
    const foreign = await h.http.get(`/v1/providers/${X}/scorecard`).set('Authorization', tokens.y);
    expect(foreign.status).toBe(404);
    expect(JSON.stringify(foreign.body)).not.toContain('Aanbieder X');
    expect((await h.http.get('/v1/providers/49999999/scorecard').set('Authorization', tokens.cm)).status).toBe(404);
  });

  test('experience ratings: one per consultant, provider and quarter, for providers the team works with, never ahead', async () => {
    const post = (body: object, token = tokens.consultant) =>
      h.http.post('/v1/experience-ratings').set('Authorization', token).send(body);
    const dup = await post({ providerAgbCode: X, quarter: '2026-Q1', score: 7 });
    expect(dup.status).toBe(409);
    const bad = await post({ providerAgbCode: X, quarter: '2026-Q1', score: 11, remarks: '' });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['/remarks', '/score']);
    const future = await post({ providerAgbCode: X, quarter: '2027-Q1', score: 7 });
    expect(future.status).toBe(422);
    const stranger = await h.bearer('consultant', { teamCode: 'TEAM-ELSE' });
    expect((await post({ providerAgbCode: X, quarter: '2026-Q4', score: 7 }, stranger)).status).toBe(422);
    const ok = await post({ providerAgbCode: Y, quarter: '2026-Q4', score: 8 });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ providerAgbCode: Y, quarter: '2026-Q4', teamCode: TEAM, score: 8, remarks: null });
    expect(JSON.stringify(ok.body)).not.toContain('yht_');
  });

  test("a recomputation that fails on an internal error says so in the hub's words, never the engine's", async () => {
    // a real engine error: the second insert of one _id
    const scratch = h.db.raw.db.collection<{ _id: string }>(`scratch_${Date.now()}`);
    await scratch.insertOne({ _id: 'x' });
    const engineError = await scratch.insertOne({ _id: 'x' }).then(
      () => null,
      (err: unknown) => err,
    );
    expect(engineError).toBeInstanceOf(Error);
    const failure = recomputationFailure(engineError, 'rc_1');
    expect(failure.title).toBe('Computation failed');
    expect(failure.detail).toContain('recomputation rc_1');
    expect(failure.detail).not.toContain((engineError as Error).message);
    expect(failure.detail).not.toMatch(/E11000|duplicate|Mongo/i);
    // a rule's problem keeps its own words
    expect(recomputationFailure(errors.conflict('busy', 'Another computation holds the KPIs.'), 'rc_2')).toEqual({
      title: 'Conflict',
      detail: 'Another computation holds the KPIs.',
    });
    await scratch.drop();
  });
});
