import type { DesiredFlag } from '../../src/flags/types';
import type { Harness } from '../support/harness';
import { REGION, type RegionTokens, regionHarness } from '../support/factories';

describe("flags: contract managers see aggregates, providers never see consultants' notes, cursors survive deletions", () => {
  let h: Harness;
  let t: RegionTokens;
  const scope = {
    providerAgbCode: REGION.providerA,
    teamCode: REGION.teamA,
    municipalityCode: REGION.municipalityA,
    contractNumber: REGION.contractA,
  };
  const safety: DesiredFlag = {
    type: 'safety_concern',
    subject: { kind: 'allocation', id: 'TW-A-PRIV-1' },
    basis: 'ev1',
    scope,
    evidence: { evaluationId: 'ev1' },
  };
  const overdue: DesiredFlag = {
    type: 'evaluation_overdue',
    subject: { kind: 'allocation', id: 'TW-A-PRIV-2' },
    basis: '2026-06-01',
    scope,
    evidence: { dueDate: '2026-06-01' },
  };
  const residence: DesiredFlag = {
    type: 'residence_unknown',
    subject: { kind: 'allocation', id: 'TW-A-PRIV-3' },
    basis: 'ev3',
    scope,
    evidence: { evaluationId: 'ev3' },
  };
  const report: DesiredFlag = {
    type: 'quarterly_report_missing',
    subject: { kind: 'contract', id: REGION.contractA },
    basis: '2026-Q1',
    scope,
    evidence: { quarter: '2026-Q1' },
  };
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    await h.services.flags.raise([safety, overdue, residence, report]);
  });
  afterAll(() => h.close());

  test('a contract manager gets contract-level flags and the counts of the rest, never a case (allocation number, notes)', async () => {
    const res = await h.http.get('/v1/flags').set('Authorization', t.contractManager);
    expect(res.status).toBe(200);
    expect(res.body.items.map((f: { type: string }) => f.type)).toEqual(['quarterly_report_missing']);
    // one of each: the case flags are counted as some (small-number rule), the contract-level one as one
    expect(res.body.counts).toEqual({
      safety_concern: null,
      evaluation_overdue: null,
      residence_unknown: null,
      quarterly_report_missing: 1,
    });
    expect(JSON.stringify(res.body)).not.toContain('TW-A-PRIV');
    const direct = await h.http
      .post(`/v1/flags/${encodeURIComponent('evaluation_overdue:TW-A-PRIV-2:2026-06-01')}/acknowledge`)
      .set('Authorization', t.contractManager)
      .send({});
    expect(direct.status).toBe(404);
    // the consultant still sees and handles them
    const team = await h.http.get('/v1/flags').set('Authorization', t.consultantA);
    expect(team.body.items.map((f: { type: string }) => f.type).sort()).toEqual([
      'evaluation_overdue',
      'quarterly_report_missing',
      'residence_unknown',
      'safety_concern',
    ]);
  });

  test("a provider does not see the consultant's internal note on a flag of its own allocation", async () => {
    const id = 'residence_unknown:TW-A-PRIV-3:ev3';
    const ack = await h.http
      .post(`/v1/flags/${encodeURIComponent(id)}/acknowledge`)
      .set('Authorization', t.consultantA)
      .send({ note: 'Moeder belt niet terug; huisbezoek gepland.' });
    expect(ack.status).toBe(200);
    expect(ack.body.history.map((x: { note: string | null }) => x.note)).toContain(
      'Moeder belt niet terug; huisbezoek gepland.',
    );
    const mine = await h.http.get('/v1/flags').set('Authorization', t.providerA);
    const flag = mine.body.items.find((f: { id: string }) => f.id === id);
    expect(flag).toBeDefined();
    expect(JSON.stringify(mine.body)).not.toContain('huisbezoek');
  });

  test("a provider's scorecard shows its provider flags without the contract manager's notes", async () => {
    const id = `quarterly_report_missing:${REGION.contractA}:2026-Q1`;
    const ack = await h.http
      .post(`/v1/flags/${encodeURIComponent(id)}/acknowledge`)
      .set('Authorization', t.contractManager)
      .send({ note: 'Gebeld met de directeur; rapportage volgt na de reorganisatie.' });
    expect(ack.status).toBe(200);
    const card = await h.http.get(`/v1/providers/${REGION.providerA}/scorecard`).set('Authorization', t.providerA);
    expect(card.status).toBe(200);
    expect(card.body.openFlags.providerFlags.map((f: { id: string }) => f.id)).toContain(id);
    expect(JSON.stringify(card.body)).not.toContain('reorganisatie');
    const managers = await h.http
      .get(`/v1/providers/${REGION.providerA}/scorecard`)
      .set('Authorization', t.contractManager);
    expect(JSON.stringify(managers.body)).toContain('reorganisatie');
  });

  test('a list whose cursor flag is gone continues after its place, never back at page 1', async () => {
    const first = await h.http.get('/v1/flags?limit=1').set('Authorization', t.consultantA);
    const second = await h.http
      .get(`/v1/flags?limit=1&cursor=${first.body.nextCursor as string}`)
      .set('Authorization', t.consultantA);
    await h.db.raw.col.flags.deleteOne({ _id: first.body.items[0].id as string });
    const again = await h.http
      .get(`/v1/flags?limit=1&cursor=${first.body.nextCursor as string}`)
      .set('Authorization', t.consultantA);
    expect(again.status).toBe(200);
    expect(again.body.items.map((f: { id: string }) => f.id)).toEqual(
      second.body.items.map((f: { id: string }) => f.id),
    );
  });
});
