import { systemActor } from '../../src/services/actor';
import { createHarness, type Harness } from '../support/harness';
import {
  allocationInput,
  evaluationInput,
  REGION,
  seedRegion,
  tokensFor,
  type RegionTokens,
} from '../support/factories';
import { startSmtpServer } from '../support/peers';

describe('flags raised by events, and handled by people', () => {
  let h: Harness;
  let t: RegionTokens;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    h = await createHarness({ SMTP_URL: smtp.url, CONTRACT_MANAGER_EMAILS: 'cm@region.example' });
    await seedRegion(h);
    await h.db.raw.col.teams.updateOne({ _id: REGION.teamA }, { $set: { email: 'team-a@gemeente.example' } });
    t = await tokensFor(h);
    h.clock.set('2026-05-10T09:00:00Z');
  });
  afterAll(async () => {
    h.services.mailer.close();
    await smtp.close();
    await h.close();
  });

  const newAllocation = async () => {
    const input = allocationInput('A', { careStartDate: '2026-02-05' });
    await h.services.allocations.create(systemActor('cli', 'test'), input);
    return input.allocationNumber;
  };
  const flagsOf = async (token: string, query = '') =>
    (await h.http.get(`/v1/flags${query}`).set('Authorization', token)).body;

  test('a report with safety concerns raises a critical flag within the same request, and the team is e-mailed', async () => {
    const n = await newAllocation();
    const ev = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(n, '2026-02-01', '2026-04-30', {
          safety: { concerns: true, veiligThuisReport: true, safetyPlan: false },
        }),
      );
    expect(ev.status).toBe(201);
    const list = await flagsOf(t.consultantA, `?type=safety_concern&status=open`);
    const flag = list.items.find((f: { subject: { id: string } }) => f.subject.id === n);
    expect(flag).toMatchObject({
      id: `safety_concern:${n}:${ev.body.id}`,
      type: 'safety_concern',
      severity: 'critical',
      status: 'open',
      owners: ['consultant'],
      subject: { kind: 'allocation', id: n },
      evidence: { evaluationId: ev.body.id, meetingDate: '2026-04-30' },
      teamCode: REGION.teamA,
      raisedAt: '2026-05-10T09:00:00.000Z',
    });
    const messages = await h.db.raw.col.outbox.find({ event: 'flag.raised' }).toArray();
    expect(
      messages.filter((m) => m.recipient.address === 'team-a@gemeente.example' && m.subject.includes(n)),
    ).toHaveLength(1);
    await h.services.delivery.deliverDue(new Date('2026-05-10T09:01:00Z'));
    expect(smtp.mails.some((m) => m.to.includes('team-a@gemeente.example') && m.raw.includes(n))).toBe(true);
  });

  test('residence unknown and no case direction are flagged; a later report clears them, recording why', async () => {
    const n = await newAllocation();
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(n, '2026-02-01', '2026-04-30', {
          residence: { type: 'unknown' },
          caseDirection: { holder: 'none' },
        }),
      );
    const open = await flagsOf(t.consultantA, `?status=open`);
    const mine = open.items
      .filter((f: { subject: { id: string } }) => f.subject.id === n)
      .map((f: { type: string }) => f.type)
      .sort();
    expect(mine).toEqual(['no_case_direction', 'residence_unknown']);

    h.clock.set('2026-08-05T09:00:00Z');
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(n, '2026-05-01', '2026-07-31'));
    const all = await flagsOf(t.consultantA, `?type=residence_unknown`);
    const flag = all.items.find((f: { subject: { id: string } }) => f.subject.id === n);
    expect(flag).toMatchObject({
      status: 'resolved',
      resolution: { by: 'rule', reason: 'a later evaluation knows where the youth lives' },
      resolvedAt: '2026-08-05T09:00:00.000Z',
    });
    expect(flag.history.map((x: { action: string }) => x.action)).toEqual(['raised', 'resolved']);
    h.clock.set('2026-05-10T09:00:00Z');
  });

  test('a person acknowledges and resolves a flag with a note; the sweep does not raise it again', async () => {
    const n = await newAllocation();
    const ev = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(n, '2026-02-01', '2026-04-30', { residence: { type: 'unknown' } }));
    const id = `residence_unknown:${n}:${ev.body.id}`;
    const url = `/v1/flags/${encodeURIComponent(id)}`;
    expect((await h.http.post(`${url}/acknowledge`).set('Authorization', t.consultantB)).status).toBe(404);
    expect((await h.http.post(`${url}/acknowledge`).set('Authorization', t.providerA)).status).toBe(403);
    const acked = await h.http
      .post(`${url}/acknowledge`)
      .set('Authorization', t.consultantA)
      .send({ note: 'Navragen bij aanbieder.' });
    expect(acked.body).toMatchObject({ status: 'acknowledged', acknowledgedAt: '2026-05-10T09:00:00.000Z' });
    expect((await h.http.post(`${url}/resolve`).set('Authorization', t.consultantA).send({})).body.errors).toEqual([
      { path: '/note', message: 'is required: say what was done' },
    ]);
    const resolved = await h.http
      .post(`${url}/resolve`)
      .set('Authorization', t.consultantA)
      .send({ note: 'Jeugdige woont bij oma; aanbieder past verslag aan.' });
    expect(resolved.body).toMatchObject({
      status: 'resolved',
      resolution: { by: 'person', note: 'Jeugdige woont bij oma; aanbieder past verslag aan.' },
    });
    expect(resolved.body.history.map((x: { action: string }) => x.action)).toEqual([
      'raised',
      'acknowledged',
      'resolved',
    ]);

    await h.services.flagSweep.sweepDaily(new Date('2026-05-11T05:00:00Z'));
    expect((await h.db.raw.col.flags.findOne({ _id: id }))!.status).toBe('resolved');
    expect(await h.db.raw.col.flags.countDocuments({ type: 'residence_unknown', 'subject.id': n })).toBe(1);
  });

  test('scoped lists with filters and counts per type: team, provider, contract manager; admins have no flag list', async () => {
    const cm = await flagsOf(t.contractManager);
    expect(cm.items.length).toBeGreaterThan(0);
    expect(cm.counts).toHaveProperty('safety_concern'); // counted, as "some" while fewer than 5 (docs/kpis.md)
    const teamB = await flagsOf(t.consultantB);
    expect(teamB.items).toEqual([]);
    const providerA = await flagsOf(t.providerA, '?severity=critical');
    expect(
      providerA.items.every(
        (f: { providerAgbCode: string; severity: string }) =>
          f.providerAgbCode === REGION.providerA && f.severity === 'critical',
      ),
    ).toBe(true);
    expect(
      (await flagsOf(t.providerB)).items.every(
        (f: { providerAgbCode: string }) => f.providerAgbCode === REGION.providerB,
      ),
    ).toBe(true);
    const since = await flagsOf(t.contractManager, '?raisedSince=2030-01-01T00:00:00Z');
    expect(since).toEqual({ items: [], nextCursor: null, counts: {}, countedSince: '2030-01-01T00:00:00.000Z' });
    const paged = await flagsOf(t.contractManager, '?limit=1');
    expect(paged.items).toHaveLength(1);
    const next = await flagsOf(t.contractManager, `?limit=1&cursor=${paged.nextCursor}`);
    expect(next.items[0].id).not.toBe(paged.items[0].id);
    expect((await h.http.get('/v1/flags').set('Authorization', t.admin)).status).toBe(403);
    expect((await h.http.get('/v1/flags?type=nonsense').set('Authorization', t.consultantA)).status).toBe(400);
  });
});
