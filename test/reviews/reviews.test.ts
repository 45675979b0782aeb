/**
 * Reviews: a contract manager records a talk with a provider. The next talk defaults
 * to half a year, a quarter for a provider with red KPIs or a large share of the
 * region's allocations; an improvement action past its due date raises a flag that
 * resolves when the action is marked done.
 */
import { kpiSnapshot } from '../../jobs/kpi-snapshot';
import { obligationsSweep } from '../../jobs/obligations-sweep';
import { systemActor } from '../../src/services/actor';
import { fictionalBsn } from '../../src/domain/test-bsns';
import { createHarness, type Harness } from '../support/harness';
import { KPI_IDS } from '../../src/kpis/types';

const RED = '51000001';
const BIG = '51000002';
const SMALL = '51000003';
const TEAM = 'TEAM-RV';

describe('reviews', () => {
  let h: Harness;
  let cm: string;
  const system = systemActor('cli', 'reviews');
  const jobDeps = () => ({ config: h.config, database: h.db.database, services: h.services, logger: h.log.logger });
  const post = (body: object, key?: string) => {
    const req = h.http.post('/v1/reviews').set('Authorization', cm);
    return (key ? req.set('Idempotency-Key', key) : req).send(body);
  };

  beforeAll(async () => {
    h = await createHarness();
    h.clock.set('2026-01-05T10:00:00Z');
    const r = h.services.registry;
    await r.createTeam({ teamCode: TEAM, name: 'Team RV', municipalityCodes: ['0202'] });
    let n = 0;
    for (const [agb, count] of [
      [RED, 5],
      [BIG, 10],
      [SMALL, 1],
    ] as const) {
      await r.createProvider({ agbCode: agb, name: `Aanbieder ${agb}`, email: `${agb}@p.example` });
      await r.createContract({
        contractNumber: `C-${agb}`,
        providerAgbCode: agb,
        startDate: '2026-01-01',
        endDate: '2027-12-31',
        productCodes: ['45A48'],
      });
      for (let i = 1; i <= count; i += 1) {
        await h.services.allocations.create(system, {
          allocationNumber: `RV-${agb}-${i}`,
          client: { bsn: fictionalBsn(9100 + (n += 1)), birthDate: '2012-01-01' },
          municipalityCode: '0202',
          teamCode: TEAM,
          providerAgbCode: agb,
          contractNumber: `C-${agb}`,
          product: { category: '45', code: '45A48' },
          startDate: '2026-02-01',
          endDate: '2026-12-31',
          volume: { amount: 10, unit: '04', frequency: '6' },
          referrerType: '01',
          careStartDate: '2026-02-05', // not yet due an evaluation in Q1: BIG and SMALL rate no red
        });
      }
    }
    h.clock.set('2026-03-20T10:00:00Z');
    for (let i = 1; i <= 5; i += 1)
      await h.services.allocations.update(system, `RV-${RED}-${i}`, { end: { reason: '32', date: '2026-03-15' } });
    h.clock.set('2026-05-20T10:00:00Z');
    await kpiSnapshot.run(jobDeps(), h.clock.now()); // 2026-Q1 final: RED's drop-out 5 of 5
    cm = await h.bearer('contract_manager');
    h.clock.set('2026-05-25T10:00:00Z');
  });
  afterAll(() => h.close());

  test('a talk can go over every KPI at once (the list holds as many as there are KPIs)', async () => {
    const all = await post({
      date: '2026-05-25',
      kpisDiscussed: [...KPI_IDS],
      notes: 'Alles besproken.',
      providerAgbCode: SMALL,
    });
    expect({ status: all.status, discussed: all.body.kpisDiscussed }).toEqual({ status: 201, discussed: [...KPI_IDS] });
  });

  test('the next talk defaults to a quarter for red KPIs or a large share, else half a year; a given date stands', async () => {
    const talk = { date: '2026-05-25', kpisDiscussed: ['dropout_rate'], notes: 'Kwartaalgesprek.' };
    const red = await post({ ...talk, providerAgbCode: RED });
    expect(red.status).toBe(201);
    expect(red.body).toMatchObject({
      nextTalkDate: '2026-08-25',
      nextTalkBasis: 'default_quarter_red_kpis',
      actions: [],
      kpisDiscussed: ['dropout_rate'],
    });
    expect(red.headers.location).toBe(`/v1/reviews/${red.body.id}`);
    const big = await post({ ...talk, providerAgbCode: BIG }); // 10 of the region's 11 active allocations
    expect(big.body).toMatchObject({ nextTalkDate: '2026-08-25', nextTalkBasis: 'default_quarter_large_share' });
    const small = await post({ ...talk, providerAgbCode: SMALL }); // 1 of 11: under 10%
    expect(small.body).toMatchObject({ nextTalkDate: '2026-11-25', nextTalkBasis: 'default_half_year' });
    const given = await post({ ...talk, providerAgbCode: RED, nextTalkDate: '2026-06-15' });
    expect(given.body).toMatchObject({ nextTalkDate: '2026-06-15', nextTalkBasis: 'given' });
  });

  test('bad reviews are refused with every failing field, and store nothing', async () => {
    const before = await h.db.raw.col.reviews.countDocuments({});
    const bad = await post({
      providerAgbCode: SMALL,
      date: '2026-05-25',
      notes: '',
      kpisDiscussed: ['speed'],
      actions: [{ description: 'x', owner: 'everyone', dueDate: '2026-06-01' }],
    });
    expect(bad.status).toBe(422);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      '/actions/0/owner',
      '/kpisDiscussed/0',
      '/notes',
    ]);
    const dates = await post({
      providerAgbCode: SMALL,
      date: '2026-05-25',
      notes: 'x',
      nextTalkDate: '2026-05-01',
      actions: [{ description: 'x', owner: 'provider', dueDate: '2026-05-01' }],
    });
    expect(dates.status).toBe(422);
    expect(dates.body.errors.map((e: { path: string }) => e.path)).toEqual(['/actions/0/dueDate', '/nextTalkDate']);
    const unknown = await post({ providerAgbCode: '59999999', date: '2026-05-25', notes: 'x' });
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors[0].path).toBe('/providerAgbCode');
    expect(await h.db.raw.col.reviews.countDocuments({})).toBe(before);
  });

  test('a retry with the same Idempotency-Key records one review', async () => {
    const body = { providerAgbCode: SMALL, date: '2026-05-26', notes: 'Herhaald verzonden.' };
    const first = await post(body, 'review-retry-1');
    const second = await post(body, 'review-retry-1');
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    expect(await h.db.raw.col.reviews.countDocuments({ notes: 'Herhaald verzonden.' })).toBe(1);
  });

  test('an improvement action past its due date raises a flag; marking it done resolves it', async () => {
    const review = await post({
      providerAgbCode: RED,
      date: '2026-05-25',
      notes: 'Verbeterafspraken.',
      kpisDiscussed: ['dropout_rate'],
      actions: [
        { description: 'Analyse uitval aanleveren', owner: 'provider', dueDate: '2026-06-30' },
        { description: 'Intake aanscherpen', owner: 'both', dueDate: '2026-09-30' },
      ],
    });
    const id = review.body.id as string;
    const sweep = async (day: string) => {
      h.clock.set(`${day}T05:00:00Z`);
      await obligationsSweep.run(jobDeps(), h.clock.now());
      return (
        await h.db.raw.col.flags
          .find({ type: 'improvement_action_overdue', 'subject.id': { $regex: `^${id}#` } } as never)
          .toArray()
      ).map((f) => [f.subject.id, f.status, f.owners.join(',')]);
    };
    expect(await sweep('2026-06-30')).toEqual([]);
    expect(await sweep('2026-07-01')).toEqual([[`${id}#1`, 'open', 'contract_manager,provider']]);
    const providerToken = await h.bearer('provider', { providerAgbCode: RED });
    const seen = await h.http.get('/v1/flags?type=improvement_action_overdue').set('Authorization', providerToken);
    expect(seen.body.items.map((f: { subject: { id: string } }) => f.subject.id)).toEqual([`${id}#1`]);

    const done = await h.http.post(`/v1/reviews/${id}/actions/1/complete`).set('Authorization', cm);
    expect(done.status).toBe(200);
    expect(done.body.actions.map((a: { status: string }) => a.status)).toEqual(['done', 'open']);
    expect((await h.db.raw.col.flags.findOne({ 'subject.id': `${id}#1` } as never))?.status).toBe('resolved');
    expect(await sweep('2026-07-02')).toEqual([[`${id}#1`, 'resolved', 'contract_manager,provider']]);
    expect((await h.http.post(`/v1/reviews/${id}/actions/1/complete`).set('Authorization', cm)).status).toBe(409);
    expect((await h.http.post(`/v1/reviews/${id}/actions/9/complete`).set('Authorization', cm)).status).toBe(404);
    expect((await h.http.post(`/v1/reviews/${id}/actions/x/complete`).set('Authorization', cm)).status).toBe(404);
  });

  test('lists reviews newest first, by provider, and reads one', async () => {
    const all = await h.http.get('/v1/reviews').set('Authorization', cm);
    const dates = all.body.items.map((r: { date: string }) => r.date);
    expect(dates).toEqual([...dates].sort().reverse());
    const red = await h.http.get(`/v1/reviews?providerAgbCode=${RED}&limit=1`).set('Authorization', cm);
    expect(red.body.items).toHaveLength(1);
    expect(red.body.nextCursor).not.toBeNull();
    const next = await h.http
      .get(`/v1/reviews?providerAgbCode=${RED}&limit=10&cursor=${red.body.nextCursor}`)
      .set('Authorization', cm);
    expect(
      [...red.body.items, ...next.body.items].every((r: { providerAgbCode: string }) => r.providerAgbCode === RED),
    ).toBe(true);
    expect(red.body.items.length + next.body.items.length).toBe(3);
    const one = await h.http.get(`/v1/reviews/${red.body.items[0].id}`).set('Authorization', cm);
    expect(one.body).toEqual(red.body.items[0]);
    expect((await h.http.get('/v1/reviews/rv_nope').set('Authorization', cm)).status).toBe(404);
  });
});
