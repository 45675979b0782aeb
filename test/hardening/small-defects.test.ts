import { kpiRowsToCsv, defuseCell } from '../../src/presenters/kpi-csv.presenter';
import type { KpiRow } from '../../src/services/kpis.service';
import { createHarness, type Harness } from '../support/harness';
import { seedRegion, tokensFor } from '../support/factories';

describe('small hardening', () => {
  let h: Harness;
  let t: Awaited<ReturnType<typeof tokensFor>>;
  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
    t = await tokensFor(h);
  });
  afterAll(() => h.close());

  test('a body with thousands of errors gets the first 100 and their count, not a megabyte of problems', async () => {
    const junk = Object.fromEntries(Array.from({ length: 2500 }, (_, i) => [`extra${i}`, i]));
    const res = await h.http.post('/v1/evaluations').set('Authorization', t.providerA).send(junk);
    expect(res.status).toBe(422);
    expect(res.body.errors).toHaveLength(100);
    expect(res.body.errorCount).toBeGreaterThan(2500);
    expect(res.body.detail).toContain(`The first 100 of ${res.body.errorCount as number} errors are listed.`);
  });

  test('CSV export cells that a spreadsheet would run as formulas are defused; numbers are not touched', () => {
    expect(['=SUM(A1)', '+31', '-cmd', '@x', '\tx', 'plain', '-0,5', '12'].map(defuseCell)).toEqual(["'=SUM(A1)", "'+31", "'-cmd", "'@x", "'\tx", 'plain', '-0,5', '12']);
    const row = {
      quarter: '2026-Q1', providerAgbCode: '11111111', municipalityCode: null, kpi: 'dropout_rate', name: { nl: '=HYPERLINK("http://evil")', en: 'x' },
      value: 0.25, numerator: 1, denominator: 4, target: 0.1, amberBand: 0.05, rating: 'red', smallSample: true, status: 'final', computedAt: '2026-05-15T00:00:00.000Z',
    } as unknown as KpiRow;
    const csv = kpiRowsToCsv([row], new Map([['11111111', '@Aanbieder']]));
    expect(csv).toContain(`;'@Aanbieder;`);
    expect(csv).toContain(`;"'=HYPERLINK(""http://evil"")";`);
    expect(csv).not.toMatch(/;"?=HYPERLINK/);
  });
});
