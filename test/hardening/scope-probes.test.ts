import { systemActor } from '../../src/services/actor';
import type { Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, type RegionTokens, regionHarness } from '../support/factories';

/** Probing another tenant's scope through filters and cursors tells nothing more than probing nothing. */
describe('scope probes on list filters and cursors', () => {
  let h: Harness;
  let t: RegionTokens;
  let numberA: string;
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    h.clock.set('2026-05-10T09:00:00Z');
    const a = allocationInput('A');
    await h.services.allocations.create(systemActor('cli', 'probe'), a);
    numberA = a.allocationNumber;
    await h.http
      .post('/v1/evaluations')
      .set('Authorization', t.providerA)
      .send(evaluationInput(numberA, '2026-02-01', '2026-04-30', { residence: { type: 'unknown' } }));
    await h.services.allocations.create(systemActor('cli', 'probe'), allocationInput('B'));
  });
  afterAll(() => h.close());

  const cursorOf = (key: string) => Buffer.from(JSON.stringify({ a: key })).toString('base64url');
  const lists = [
    '/v1/allocations',
    '/v1/evaluations',
    '/v1/extension-requests',
    '/v1/obligations',
    '/v1/flags',
    '/v1/quarterly-reports',
  ];
  const answer = async (token: string, url: string) => {
    const res = await h.http.get(url).set('Authorization', token);
    const { instance: _instance, ...body } = res.body as Record<string, unknown>; // a problem's request id differs per request
    return { status: res.status, items: body.items ?? body, nextCursor: body.nextCursor ?? null };
  };

  test.each(lists)("%s: provider B filtering on A's AGB code gets what a nonexistent AGB code gets", async (list) => {
    const theirs = await answer(t.providerB, `${list}?providerAgbCode=${REGION.providerA}`);
    const nobody = await answer(t.providerB, `${list}?providerAgbCode=99999999`);
    expect(theirs).toEqual(nobody);
    expect(JSON.stringify(theirs)).not.toContain(numberA);
  });

  test.each(lists)(
    "%s: a cursor forged from A's record tells B nothing more than a cursor of a record that does not exist",
    async (list) => {
      const forged = await answer(t.providerB, `${list}?cursor=${cursorOf(numberA)}`);
      const missing = await answer(t.providerB, `${list}?cursor=${cursorOf(numberA.replace('A', 'Z'))}`);
      expect(forged.status).toBe(missing.status);
      expect(JSON.stringify(forged)).not.toContain(numberA);
    },
  );

  test("a consultant of team B filtering on team A, or on A's allocation, sees what it sees for nothing", async () => {
    for (const list of ['/v1/allocations', '/v1/evaluations', '/v1/flags']) {
      expect(await answer(t.consultantB, `${list}?teamCode=${REGION.teamA}`)).toEqual(
        await answer(t.consultantB, `${list}?teamCode=TEAM-NONE`),
      );
    }
    expect(await answer(t.consultantB, `/v1/evaluations?allocationNumber=${numberA}`)).toEqual(
      await answer(t.consultantB, '/v1/evaluations?allocationNumber=TW-NONE-1'),
    );
  });
});
