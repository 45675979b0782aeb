/**
 * The step rules of a reassessment (order, reasons for passing a step over, dates,
 * the hub's own records as a step), its scope (a consultant of another team sees
 * nothing; a contract manager reads progress only) and the handover to a receiving
 * team. The clock stands at 2026-07-01; the campaign starts on 2026-06-15.
 */
import type { Harness } from '../support/harness';
import { systemActor } from '../../src/services/actor';
import { allocationInput, evaluationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';
import { CSV_HEADER, csvLine } from '../support/import-files';

describe('reassessment steps and the handover', () => {
  let h: Harness;
  let t: RegionTokens;
  let id = '';
  const a1 = allocationInput('A', { careStartDate: '2026-02-10' });
  const a2 = allocationInput('A', { careStartDate: '2026-02-10' });
  const a3 = allocationInput('A', { careStartDate: '2026-02-10' });
  const a4 = allocationInput('A', { careStartDate: '2026-02-10' });
  const ended = allocationInput('A');
  const b1 = allocationInput('B');
  let evaluationId = '';
  let requestId = '';

  const step = (n: string, body: object, token = t.consultantA) =>
    h.http.post(`/v1/reassessments/${id}/items/${n}/steps`).set('Authorization', token).send(body);
  const items = async (query = '') =>
    (await h.http.get(`/v1/reassessments/${id}/items${query}`).set('Authorization', t.consultantA).expect(200)).body
      .items as Record<string, unknown>[];

  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    const cli = systemActor('cli', 'test');
    for (const a of [a1, a2, a3, a4, ended, b1]) await h.services.allocations.create(cli, a);
    const ev = await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(
        evaluationInput(a2.allocationNumber, '2026-02-10', '2026-06-20', {
          participants: { youth: false, parents: true, network: false, otherProfessionals: true },
        }),
      )
      .expect(201);
    evaluationId = ev.body.id as string;
    const xr = await h.http
      .post('/v1/extension-requests')
      .set('Authorization', t.providerA)
      .send({
        allocationNumber: a1.allocationNumber,
        requestedEndDate: '2027-03-31',
        reasoning: 'Doelen nog niet behaald.',
      })
      .expect(201);
    requestId = xr.body.id as string;
    // team B takes over cases of team A's municipality too (a receiving team must serve the case's)
    await h.db.raw.col.teams.updateOne(
      { _id: REGION.teamB },
      { $set: { municipalityCodes: [REGION.municipalityB, REGION.municipalityA] } },
    );
    const res = await h.http
      .post('/v1/reassessments')
      .set('Authorization', t.consultantA)
      .send({
        name: 'Herbeoordeling lijst',
        teamCode: REGION.teamA,
        startDate: '2026-06-15',
        deadline: '2026-09-30',
        capacityPerWeek: 2,
        scope: {
          kind: 'list',
          allocationNumbers: [a1.allocationNumber, a2.allocationNumber, a3.allocationNumber, a4.allocationNumber],
        },
        receivingTeamCode: REGION.teamB,
      })
      .expect(201);
    id = res.body.id as string;
    await h.http
      .patch(`/v1/allocations/${ended.allocationNumber}`)
      .set('Authorization', t.consultantA)
      .send({ end: { reason: '32', date: '2026-06-30' } })
      .expect(200);
  });
  afterAll(() => h.close());

  test('a campaign cannot start on a bad scope, a bad team or bad dates: 422 naming each', async () => {
    const res = await h.http
      .post('/v1/reassessments')
      .set('Authorization', t.consultantA)
      .send({
        name: 'Fout',
        teamCode: REGION.teamA,
        startDate: '2026-07-02',
        deadline: '2026-07-01',
        capacityPerWeek: 5,
        scope: { kind: 'list', allocationNumbers: [a1.allocationNumber, b1.allocationNumber, ended.allocationNumber] },
        receivingTeamCode: 'TEAM-X',
      })
      .expect(422);
    expect(res.body.errors).toEqual([
      { path: '/receivingTeamCode', message: 'no team TEAM-X is registered' },
      { path: '/startDate', message: 'must not be in the future (today is 2026-07-01)' },
      { path: '/deadline', message: 'must be after the start (2026-07-02)' },
      { path: '/scope/allocationNumbers/1', message: `no allocation ${b1.allocationNumber} of team ${REGION.teamA}` },
      { path: '/scope/allocationNumbers/2', message: `allocation ${ended.allocationNumber} has ended` },
    ]);
    const bad = await h.http
      .post('/v1/reassessments')
      .set('Authorization', t.consultantA)
      .send({ name: 'x', teamCode: REGION.teamA, deadline: '2026-09-30', capacityPerWeek: 0, scope: { kind: 'all' } })
      .expect(422);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['/capacityPerWeek']));
    const list = await h.http.get('/v1/reassessments').set('Authorization', t.consultantA).expect(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([id]); // nothing was written
  });

  test('steps go in order; passing one over needs a reason; dates stay between the start, the previous step and today', async () => {
    const n = a1.allocationNumber;
    expect((await step(n, { step: 'planned', date: '2026-06-14' }).expect(422)).body.errors).toEqual([
      { path: '/date', message: 'must not be before the campaign began (2026-06-15)' },
    ]);
    await step(n, { step: 'planned', date: '2026-06-20', note: 'Gesprek op 24 juni' }).expect(201);
    expect((await step(n, { step: 'planned', date: '2026-06-21' }).expect(409)).body.detail).toBe(
      'The case has reached planned already; planned is recorded.',
    );
    expect(
      (await step(n, { step: 'talked', date: '2026-06-19', participants: ['parents'] }).expect(422)).body.errors,
    ).toEqual([{ path: '/date', message: 'must not be before the previous step (2026-06-20)' }]);
    expect(
      (await step(n, { step: 'talked', date: '2026-07-02', participants: ['parents'] }).expect(422)).body.errors,
    ).toEqual([{ path: '/date', message: 'must not be in the future (today is 2026-07-01)' }]);
    expect((await step(n, { step: 'talked', date: '2026-06-24' }).expect(422)).body.errors).toEqual([
      { path: '/participants', message: 'required: who took part (or basedOn an evaluation report)' },
    ]);
    expect(
      (await step(n, { step: 'decided', date: '2026-06-24', decision: 'continue' }).expect(422)).body.errors,
    ).toEqual([{ path: '/skipReason', message: 'required: talked, planUpdated are passed over' }]);
    // a decision names its outcome, an updated plan its goals
    expect(
      (await step(n, { step: 'decided', date: '2026-06-24' }).expect(422)).body.errors.map(
        (e: { path: string }) => e.path,
      ),
    ).toContain('/decision');
    expect(
      (await step(n, { step: 'planUpdated', date: '2026-06-24' }).expect(422)).body.errors.map(
        (e: { path: string }) => e.path,
      ),
    ).toContain('/goals');
    await step(n, { step: 'talked', date: '2026-06-24', participants: ['youth', 'parents', 'provider'] }).expect(201);
    expect(
      (
        await step(n, {
          step: 'planUpdated',
          date: '2026-06-25',
          goals: ['Schoolgang vier dagen'],
          skipReason: 'niets overgeslagen',
        }).expect(422)
      ).body.errors,
    ).toEqual([{ path: '/skipReason', message: 'no step is passed over' }]);
    expect((await step(n, { step: 'handedOver', date: '2026-06-26' }).expect(422)).body.errors).toEqual([
      { path: '/step', message: 'record the decision first; a handover cannot pass over it' },
    ]);
    await step(n, {
      step: 'decided',
      date: '2026-06-26',
      decision: 'continue',
      skipReason: 'Plan in hetzelfde gesprek bijgesteld',
    }).expect(201);
    const [row] = await items(`?step=decided`);
    expect(row).toMatchObject({ allocationNumber: n, step: 'decided', decision: 'continue', atRisk: false });
    expect(
      (row!.steps as { step: string; date: string; skipped?: string[]; by: string; role: string }[]).map((s) => [
        s.step,
        s.date,
        s.skipped ?? [],
        s.role,
      ]),
    ).toEqual([
      ['planned', '2026-06-20', [], 'consultant'],
      ['talked', '2026-06-24', [], 'consultant'],
      ['decided', '2026-06-26', ['planUpdated'], 'consultant'],
    ]);
  });

  test("the hub's own records: an evaluation the family took part in counts as the talk, an allocation change as the decision", async () => {
    const n = a2.allocationNumber;
    const [row] = (await items()).filter((i) => i.allocationNumber === n);
    expect(row!.fromRecords).toEqual({ talked: { kind: 'evaluation', id: evaluationId, date: '2026-06-20' } });
    // the wrong kind, or an evaluation of another case, is refused
    expect(
      (
        await step(n, { step: 'talked', date: '2026-06-30', basedOn: { kind: 'allocation_change', id: 'x' } }).expect(
          422,
        )
      ).body.errors,
    ).toEqual([
      // every broken rule at once
      { path: '/skipReason', message: 'required: planned is passed over' },
      {
        path: '/basedOn/kind',
        message: 'an evaluation counts as the talk, an allocation change or an extension decision as the decision',
      },
    ]);
    expect(
      (
        await step(a3.allocationNumber, {
          step: 'talked',
          date: '2026-06-30',
          basedOn: { kind: 'evaluation', id: evaluationId },
        }).expect(422)
      ).body.errors,
    ).toEqual([
      { path: '/skipReason', message: 'required: planned is passed over' },
      { path: '/basedOn/id', message: "is not a current evaluation report of this case's allocation" },
    ]);
    const talked = await step(n, {
      step: 'talked',
      date: '2026-06-30',
      skipReason: 'Gesprek was het evaluatiegesprek',
      basedOn: { kind: 'evaluation', id: evaluationId },
    }).expect(201);
    expect(talked.body.steps[0]).toMatchObject({
      step: 'talked',
      skipped: ['planned'],
      participants: ['provider', 'parents', 'otherProfessionals'],
      basedOn: { kind: 'evaluation', id: evaluationId, date: '2026-06-20' },
    });
    // the consultant shortens the allocation: that change counts as the decision once confirmed
    await h.http
      .patch(`/v1/allocations/${n}`)
      .set('Authorization', t.consultantA)
      .send({ endDate: '2026-11-30', changeReason: '05' })
      .expect(200);
    const after = (await items()).find((i) => i.allocationNumber === n)!;
    const change = (after.fromRecords as { decided: { id: string; fields: string[] } }).decided;
    expect(change.fields).toEqual(['endDate']);
    const decided = await step(n, {
      step: 'decided',
      date: '2026-07-01',
      decision: 'change',
      skipReason: 'Plan volgt uit de gewijzigde inzet',
      basedOn: { kind: 'allocation_change', id: change.id },
    }).expect(201);
    expect(decided.body).toMatchObject({ step: 'decided', decision: 'change', endDate: '2026-11-30' });
    expect(
      (
        await step(a3.allocationNumber, {
          step: 'decided',
          date: '2026-07-01',
          decision: 'change',
          skipReason: 'zonder gesprek',
          basedOn: { kind: 'allocation_change', id: change.id },
        }).expect(422)
      ).body.errors,
    ).toEqual([
      { path: '/basedOn/id', message: "names no decision in the allocation's history since the campaign began" },
    ]);
  });

  test('a consultant of another team sees nothing of the campaign; a contract manager reads progress, no case', async () => {
    await h.http.get(`/v1/reassessments/${id}`).set('Authorization', t.consultantB).expect(404);
    await h.http.get(`/v1/reassessments/${id}/items`).set('Authorization', t.consultantB).expect(404);
    await step(a3.allocationNumber, { step: 'planned', date: '2026-06-30' }, t.consultantB).expect(404);
    const list = await h.http.get('/v1/reassessments').set('Authorization', t.consultantB).expect(200);
    expect(list.body.items).toEqual([]);
    const cm = await h.http.get(`/v1/reassessments/${id}`).set('Authorization', t.contractManager).expect(200);
    expect(cm.body).toMatchObject({ total: 4, counts: { decided: 2, notStarted: 2 } });
    expect(JSON.stringify(cm.body)).not.toContain(a1.allocationNumber);
    await h.http.get(`/v1/reassessments/${id}/items`).set('Authorization', t.contractManager).expect(403);
    await h.http.get(`/v1/reassessments/${id}`).set('Authorization', t.providerA).expect(403);
  });

  test('cases go only to a team that serves their municipality: 422 at the start, and at the handover', async () => {
    await h.services.registry.createTeam({
      teamCode: 'TEAM-C',
      name: 'Team C',
      municipalityCodes: [REGION.municipalityB],
    });
    const body = (scope: object) => ({
      name: 'Naar C',
      teamCode: REGION.teamA,
      startDate: '2026-06-20',
      deadline: '2026-09-30',
      capacityPerWeek: 2,
      scope,
      receivingTeamCode: 'TEAM-C',
    });
    const list = await h.http
      .post('/v1/reassessments')
      .set('Authorization', t.consultantA)
      .send(body({ kind: 'list', allocationNumbers: [a2.allocationNumber] }))
      .expect(422);
    expect(list.body.errors).toEqual([
      {
        path: '/scope/allocationNumbers/0',
        message: `team TEAM-C does not serve municipality ${REGION.municipalityA} of allocation ${a2.allocationNumber}`,
      },
    ]);
    const team = await h.http
      .post('/v1/reassessments')
      .set('Authorization', t.consultantA)
      .send(body({ kind: 'team' }))
      .expect(422);
    expect(team.body.errors).toEqual([
      {
        path: '/receivingTeamCode',
        message: expect.stringMatching(
          new RegExp(
            `^team TEAM-C does not serve municipality ${REGION.municipalityA} \\(\\d+ of the team's active allocations\\)$`,
          ),
        ),
      },
    ]);
    // the receiving team stops serving the municipality after the start: the handover is refused, nothing moves
    await h.db.raw.col.teams.updateOne({ _id: REGION.teamB }, { $set: { municipalityCodes: [REGION.municipalityB] } });
    try {
      const refused = await step(a1.allocationNumber, { step: 'handedOver', date: '2026-07-01' }).expect(422);
      expect(refused.body.errors).toEqual([
        { path: '/step', message: `team ${REGION.teamB} does not serve municipality ${REGION.municipalityA}` },
      ]);
      await h.http.get(`/v1/allocations/${a1.allocationNumber}`).set('Authorization', t.consultantA).expect(200);
    } finally {
      await h.db.raw.col.teams.updateOne(
        { _id: REGION.teamB },
        { $set: { municipalityCodes: [REGION.municipalityB, REGION.municipalityA] } },
      );
    }
  });

  test('the handover moves the allocation, its reports, requests and flags to the receiving team, in its history', async () => {
    const n = a1.allocationNumber;
    const flagsBefore = await h.http
      .get('/v1/flags?status=open&limit=500')
      .set('Authorization', t.consultantA)
      .expect(200);
    const mine = (flagsBefore.body.items as { subject: { id: string } }[]).filter(
      (f) => f.subject.id === n || f.subject.id === requestId,
    );
    expect(mine.length).toBeGreaterThan(0); // the open request's flag at least
    const res = await step(n, { step: 'handedOver', date: '2026-07-01', note: 'Warme overdracht' }).expect(201);
    expect(res.body).toMatchObject({ step: 'handedOver', handover: { toTeamCode: REGION.teamB, complete: true } });
    // the sending team no longer sees the case; the receiving team does
    await h.http.get(`/v1/allocations/${n}`).set('Authorization', t.consultantA).expect(404);
    const there = await h.http.get(`/v1/allocations/${n}`).set('Authorization', t.consultantB).expect(200);
    expect(there.body.teamCode).toBe(REGION.teamB);
    expect(there.body.history.at(-1)).toMatchObject({
      source: 'reassessment',
      changes: { teamCode: { from: REGION.teamA, to: REGION.teamB } },
    });
    await h.http.get(`/v1/extension-requests/${requestId}`).set('Authorization', t.consultantA).expect(404);
    await h.http.get(`/v1/extension-requests/${requestId}`).set('Authorization', t.consultantB).expect(200);
    const flagsA = await h.http.get('/v1/flags?limit=500').set('Authorization', t.consultantA).expect(200);
    expect(
      (flagsA.body.items as { subject: { id: string } }[]).filter(
        (f) => f.subject.id === n || f.subject.id === requestId,
      ),
    ).toEqual([]);
    const flagsB = await h.http.get('/v1/flags?limit=500').set('Authorization', t.consultantB).expect(200);
    expect(
      (flagsB.body.items as { subject: { id: string } }[]).filter(
        (f) => f.subject.id === n || f.subject.id === requestId,
      ),
    ).toHaveLength(mine.length);
    // the campaign still shows the case, handed over, and what awaits a handover
    const progress = await h.http.get(`/v1/reassessments/${id}`).set('Authorization', t.consultantA).expect(200);
    expect(progress.body).toMatchObject({
      counts: { handedOver: 1, decided: 1 },
      handover: { handedOver: 1, awaiting: 1 },
    });
    // a closed case is not handed over
    const a4n = a4.allocationNumber;
    await step(a4n, {
      step: 'decided',
      date: '2026-07-01',
      decision: 'close',
      skipReason: 'Doelen behaald, afsluiten',
    }).expect(201);
    expect((await step(a4n, { step: 'handedOver', date: '2026-07-01' }).expect(409)).body.detail).toBe(
      'The decision was to close the case: nothing to hand over.',
    );
  });

  test('after the handover the sending team sees only that the case went, to whom and when: not what happens to it since', async () => {
    const n = a1.allocationNumber;
    const before = (await items()).find((i) => i.allocationNumber === n)!;
    expect(before).toMatchObject({ step: 'handedOver' });
    // the receiving team changes the case
    await h.http
      .patch(`/v1/allocations/${n}`)
      .set('Authorization', t.consultantB)
      .send({ end: { reason: '32', date: '2026-07-31' } })
      .expect(200);
    // the sending team reads its campaign (and the daily job reads every case again)
    await h.services.reassessments.refreshFacts(
      (await h.db.raw.col.reassessments.findOne({ _id: id }))!,
      (await h.db.raw.col.reassessmentItems.findOne({ _id: `${id}:${n}` }))!,
    );
    const after = (await items()).find((i) => i.allocationNumber === n)!;
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain('2026-07-31');
  });

  test('a campaign without a receiving team has no handover step', async () => {
    const res = await h.http
      .post('/v1/reassessments')
      .set('Authorization', t.consultantB)
      .send({ name: 'B', teamCode: REGION.teamB, deadline: '2026-08-31', capacityPerWeek: 1, scope: { kind: 'team' } })
      .expect(201);
    expect(res.body).toMatchObject({ handover: null, receivingTeamCode: null });
    const bId = res.body.id as string;
    const n = b1.allocationNumber;
    await h.http
      .post(`/v1/reassessments/${bId}/items/${n}/steps`)
      .set('Authorization', t.consultantB)
      .send({ step: 'decided', date: '2026-07-01', decision: 'continue', skipReason: 'Direct besloten' })
      .expect(201);
    const over = await h.http
      .post(`/v1/reassessments/${bId}/items/${n}/steps`)
      .set('Authorization', t.consultantB)
      .send({ step: 'handedOver', date: '2026-07-01' })
      .expect(422);
    expect(over.body.errors).toEqual([{ path: '/step', message: 'handedOver needs a campaign with a receiving team' }]);
  });

  test('an extension decision, a rejection too, counts as the decision once confirmed', async () => {
    const n = a3.allocationNumber;
    const xr = await h.http
      .post('/v1/extension-requests')
      .set('Authorization', t.providerA)
      .send({ allocationNumber: n, requestedEndDate: '2027-03-31', reasoning: 'Doelen nog niet behaald.' })
      .expect(201);
    await h.http
      .post(`/v1/extension-requests/${xr.body.id}/decision`)
      .set('Authorization', t.consultantA)
      .send({ decision: 'rejected', rejectionCode: '7', note: 'Eerst herbeoordelen' })
      .expect(200);
    const body = (id: string) => ({
      step: 'decided',
      date: '2026-07-01',
      decision: 'close',
      skipReason: 'Besloten op de aanvraag',
      basedOn: { kind: 'extension_decision', id },
    });
    expect((await step(n, body(requestId)).expect(422)).body.errors).toEqual([
      { path: '/basedOn/id', message: 'names no extension request of this case decided since the campaign began' },
    ]);
    expect((await step(n, { ...body(xr.body.id as string), step: 'planned' }).expect(422)).body.errors).toEqual(
      expect.arrayContaining([
        {
          path: '/basedOn/kind',
          message: 'an evaluation counts as the talk, an allocation change or an extension decision as the decision',
        },
      ]),
    );
    const res = await step(n, body(xr.body.id as string)).expect(201);
    expect(res.body.steps.at(-1)).toMatchObject({
      step: 'decided',
      decision: 'close',
      basedOn: { kind: 'extension_decision', id: xr.body.id, date: '2026-07-01' },
    });
  });

  test('an uploaded handover list: the import reports what became of each row, and a campaign starts over them', async () => {
    const fresh = [allocationInput('A'), allocationInput('A')];
    const gone = allocationInput('A', { endDate: '2026-06-30' });
    const file = [CSV_HEADER.join(';'), ...fresh.map((a) => csvLine(a)), csvLine(gone, ';', '32')].join('\n');
    const imported = await h.http
      .post('/v1/allocations/import?outcomes=true')
      .set('Authorization', t.consultantA)
      .set('Content-Type', 'text/csv')
      .send(file)
      .expect(200);
    expect(imported.body.outcomes).toEqual([
      { row: 2, allocationNumber: fresh[0]!.allocationNumber, outcome: 'created' },
      { row: 3, allocationNumber: fresh[1]!.allocationNumber, outcome: 'created' },
      { row: 4, allocationNumber: gone.allocationNumber, outcome: 'created', ended: true },
    ]);
    const listed = (imported.body.outcomes as { allocationNumber: string; ended?: true }[])
      .filter((o) => !o.ended)
      .map((o) => o.allocationNumber);
    const res = await h.http
      .post('/v1/reassessments')
      .set('Authorization', t.consultantA)
      .send({
        name: 'Lijst',
        teamCode: REGION.teamA,
        deadline: '2026-09-30',
        capacityPerWeek: 1,
        scope: { kind: 'list', allocationNumbers: listed },
      })
      .expect(201);
    expect(res.body).toMatchObject({ total: 2, scope: { kind: 'list', size: 2 } });
    // without the parameter the report stays as it was
    const again = await h.http
      .post('/v1/allocations/import')
      .set('Authorization', t.consultantA)
      .set('Content-Type', 'text/csv')
      .send(file)
      .expect(200);
    expect(again.body).not.toHaveProperty('outcomes');
    expect(again.body).toMatchObject({ unchanged: 3 });
  });

  test('a campaign a crash left half-written (items not yet stored) is completed on first sight, or by the daily job', async () => {
    const crashed = (id: string) => ({
      _id: id,
      pending: 'create' as const,
      name: 'Onderbroken',
      teamCode: REGION.teamA,
      startDate: '2026-07-01',
      deadline: '2026-09-30',
      capacityPerWeek: 1,
      scope: { kind: 'list' as const, size: 2 },
      allocationNumbers: [a3.allocationNumber, a4.allocationNumber],
      status: 'open' as const,
      createdAt: new Date(),
      createdBy: 'test',
    });
    const col = h.db.database.col.reassessments;
    await col.insertOne(crashed('ra_00000000000000c1'));
    const seen = await h.http
      .get('/v1/reassessments/ra_00000000000000c1')
      .set('Authorization', t.consultantA)
      .expect(200);
    expect(seen.body).toMatchObject({ total: 2, open: 2 });
    expect(await col.findOne({ _id: 'ra_00000000000000c1' })).not.toHaveProperty('pending');
    await col.insertOne(crashed('ra_00000000000000c2'));
    const counts = await h.services.reassessmentSweep.run(h.clock.now());
    expect(counts.completedCreates).toBe(1);
    const items = await h.http
      .get('/v1/reassessments/ra_00000000000000c2/items')
      .set('Authorization', t.consultantA)
      .expect(200);
    expect(items.body.items).toHaveLength(2);
  });
});
