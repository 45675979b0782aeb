/**
 * The cases at risk follow the allocations as they are now, not as the campaign last
 * read them: an allocation extended since (by a decision, a PATCH, an import) moves the
 * whole queue; the page of cases at risk reads its cases again and lists only those its
 * fresh facts put at risk, and the campaign's count follows. The clock stands at
 * 2026-07-01; the campaign starts that day at 1 case a week,
 * so the k-th case in end-date order has its turn on 1 July + 7k days.
 */
import type { Harness } from '../support/harness';
import { systemActor } from '../../src/services/actor';
import { allocationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';

describe('reassessment: the cases at risk on facts read again', () => {
  let h: Harness;
  let t: RegionTokens;
  let id = '';
  const soon = allocationInput('A', { endDate: '2026-07-05' }); // 1st, turn 8 July: at risk
  const later = allocationInput('A', { endDate: '2026-07-20' }); // 2nd, turn 15 July: in time
  const last = allocationInput('A', { endDate: '2026-07-21' }); // 3rd, turn 22 July: at risk

  const atRiskPage = async () =>
    (
      (await h.http.get(`/v1/reassessments/${id}/items?atRisk=true`).set('Authorization', t.consultantA).expect(200))
        .body.items as { allocationNumber: string; atRisk: boolean }[]
    ).map((i) => [i.allocationNumber, i.atRisk]);
  const atRiskCount = async () =>
    (await h.http.get(`/v1/reassessments/${id}`).set('Authorization', t.consultantA).expect(200)).body.atRisk as number;

  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    for (const a of [soon, later, last]) await h.services.allocations.create(systemActor('cli', 'test'), a);
    const res = await h.http
      .post('/v1/reassessments')
      .set('Authorization', t.consultantA)
      .send({
        name: 'Herbeoordeling wachtrij',
        teamCode: REGION.teamA,
        deadline: '2026-09-30',
        capacityPerWeek: 1,
        scope: { kind: 'list', allocationNumbers: [soon, later, last].map((a) => a.allocationNumber) },
      })
      .expect(201);
    id = res.body.id as string;
  });
  afterAll(() => h.close());

  test('an extension since the campaign read the case: the page of cases at risk reads it again, the count follows', async () => {
    expect(await atRiskPage()).toEqual([
      [soon.allocationNumber, true],
      [last.allocationNumber, true],
    ]);
    expect(await atRiskCount()).toBe(2);

    // extended to the end of the year: it goes to the back of the queue, and the others each come a week sooner
    await h.http
      .patch(`/v1/allocations/${soon.allocationNumber}`)
      .set('Authorization', t.consultantA)
      .send({ endDate: '2026-12-31', changeReason: '04' })
      .expect(200);
    expect(await atRiskPage()).toEqual([]);
    expect(await atRiskCount()).toBe(0);
  });
});
