/**
 * The region's campaigns page by page: a contract manager's list reads the cases of the
 * campaigns on its page only, not every case of every campaign (issue 26, item 7).
 */
import type { Harness } from '../support/harness';
import { allocationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';
import { systemActor } from '../../src/services/actor';

describe('GET /v1/reassessments pages', () => {
  let h: Harness;
  let t: RegionTokens;
  const ids: string[] = [];
  beforeAll(async () => {
    ({ h, t } = await regionHarness());
    const system = systemActor('cli', 'campaign-pages');
    for (let i = 0; i < 5; i += 1) {
      const a = allocationInput(i % 2 === 0 ? 'A' : 'B');
      await h.services.allocations.create(system, a);
      const campaign = await h.services.reassessments.create(system, {
        name: `Campagne ${i}`,
        teamCode: a.teamCode,
        deadline: '2026-09-30',
        capacityPerWeek: 5,
        scope: { kind: 'list', allocationNumbers: [a.allocationNumber] },
      });
      ids.push(campaign._id);
    }
  });
  afterAll(() => h.close());

  test("a contract manager's pages: every campaign once, each page reading its own campaigns' cases only", async () => {
    const items = (h.services.reassessments as unknown as { deps: { items: { ofCampaign: (id: string) => unknown } } })
      .deps.items;
    const real = items.ofCampaign.bind(items);
    const read: string[] = [];
    items.ofCampaign = (id: string) => {
      read.push(id); // counted, then read from the engine as ever
      return real(id);
    };
    try {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        read.length = 0;
        const res = await h.http
          .get(`/v1/reassessments?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
          .set('Authorization', t.contractManager)
          .expect(200);
        const page = (res.body.items as { id: string; total: number }[]).map((c) => c.id);
        expect(page.length).toBeLessThanOrEqual(2);
        expect(read.sort()).toEqual([...page].sort());
        expect((res.body.items as { total: number }[]).every((c) => c.total === 1)).toBe(true);
        seen.push(...page);
        cursor = res.body.nextCursor as string | null;
      } while (cursor);
      expect(seen.sort()).toEqual([...ids].sort());
      // a consultant's list is its team's only
      const mine = await h.http.get('/v1/reassessments').set('Authorization', t.consultantB).expect(200);
      expect((mine.body.items as { teamCode: string }[]).every((c) => c.teamCode === REGION.teamB)).toBe(true);
      expect(mine.body.items).toHaveLength(2);
    } finally {
      items.ofCampaign = real;
    }
  });
});
