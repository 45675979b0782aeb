/**
 * The small-number rule (docs/kpis.md, "Small numbers"): no KPI figure or flag count
 * lets a contract manager work out something about a few youths. Real records through
 * the services, a real computation, the real API.
 */
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, REGION, seedRegion } from '../support/factories';
import { systemActor } from '../../src/services/actor';
import { disclosedCounts, suppressedRows } from '../../src/kpis/disclosure';
import type { EndReason } from '../../src/services/allocations/allocations.service';

describe('the small-number rule on KPI rows', () => {
  let h: Harness;
  let cm: string;
  let provider: string;
  const system = systemActor('cli', 'disclosure');
  const P = REGION.providerA;

  /** Registers an allocation of provider A in a municipality and ends it in 2026-Q2. */
  const ended = async (tenant: 'A' | 'B', reason: EndReason) => {
    const a = allocationInput(tenant, { providerAgbCode: P, contractNumber: REGION.contractA });
    await h.services.allocations.create(system, a);
    await h.services.allocations.update(system, a.allocationNumber, { end: { reason, date: '2026-06-15' } });
  };

  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
    // drop-out in municipality A: 3 of 8 youths; in municipality B: 1 of 2
    for (let i = 0; i < 8; i += 1) await ended('A', i < 3 ? '32' : '31');
    for (let i = 0; i < 2; i += 1) await ended('B', i < 1 ? '32' : '31');
    await h.services.kpis.compute('2026-Q2', 'snapshot', system);
    cm = await h.bearer('contract_manager');
    provider = await h.bearer('provider', { providerAgbCode: P });
  });
  afterAll(() => h.close());

  const dropout = async (token: string, query = '') => {
    const res = await h.http
      .get(`/v1/kpis?providerAgbCode=${P}&quarter=2026-Q2&kpi=dropout_rate${query}`)
      .set('Authorization', token);
    expect(res.status).toBe(200);
    return res.body.items as Record<string, unknown>[];
  };

  test('the counts are as registered (the system reads them raw)', async () => {
    const raw = async (municipalityCode?: string) =>
      (
        await h.services.kpis.list(system, {
          providerAgbCode: P,
          quarter: '2026-Q2',
          kpi: 'dropout_rate',
          ...(municipalityCode ? { municipalityCode } : {}),
        })
      )[0]!;
    expect([(await raw()).numerator, (await raw()).denominator]).toEqual([4, 10]);
    expect([(await raw(REGION.municipalityA)).numerator, (await raw(REGION.municipalityA)).denominator]).toEqual([
      3, 8,
    ]);
    expect((await raw(REGION.municipalityB)).denominator).toBe(2);
  });

  test('a small municipality row and its complement show no value, count or rating; the overall row stays', async () => {
    const [overall] = await dropout(cm);
    expect(overall).toMatchObject({ municipalityCode: null, numerator: 4, denominator: 10, value: 0.4 });
    for (const m of [REGION.municipalityB, REGION.municipalityA]) {
      const items = await dropout(cm, `&municipalityCode=${m}`);
      expect(items).toHaveLength(1);
      // municipality A holds 8 youths, but overall minus A would give B's one drop-out of two
      expect(items[0]).toMatchObject({
        municipalityCode: m,
        value: null,
        numerator: null,
        denominator: null,
        rating: null,
        smallSample: null,
        suppressed: true,
      });
      expect(items[0]).not.toHaveProperty('breakdown');
      expect(items[0]).not.toHaveProperty('denominatorBand');
    }
    // the provider's own view of its municipalities follows the same rule
    expect((await dropout(provider, `&municipalityCode=${REGION.municipalityB}`))[0]).toMatchObject({
      suppressed: true,
      value: null,
    });
  });

  test('no rating filter finds a suppressed row', async () => {
    const [real] = await h.services.kpis.list(system, {
      providerAgbCode: P,
      quarter: '2026-Q2',
      kpi: 'dropout_rate',
      municipalityCode: REGION.municipalityB,
    });
    for (const rating of ['green', 'amber', 'red', 'no_data'])
      expect(await dropout(cm, `&municipalityCode=${REGION.municipalityB}&rating=${rating}`)).toEqual([]);
    expect(real!.rating).not.toBe('no_data'); // it has one, and it is not told
  });

  test('the CSV says "afgeschermd" for a suppressed row, with no figure and no rating', async () => {
    const res = await h.http
      .get(
        `/v1/kpis/export.csv?providerAgbCode=${P}&quarter=2026-Q2&kpi=dropout_rate&municipalityCode=${REGION.municipalityA}`,
      )
      .set('Authorization', cm);
    expect(res.status).toBe(200);
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(2);
    const cells = lines[1]!.split(';');
    expect(cells).toContain('afgeschermd');
    expect(cells).not.toContain('8');
    expect(cells.some((c) => ['groen', 'oranje', 'rood'].includes(c))).toBe(false);
  });
});

describe('the small-number rule on flag counts', () => {
  let h: Harness;
  let cm: string;
  const system = systemActor('cli', 'disclosure-flags');

  beforeAll(async () => {
    h = await createHarness();
    await seedRegion(h);
    const a = allocationInput('A');
    await h.services.allocations.create(system, a);
    await h.services.flags.raise([
      {
        type: 'safety_concern',
        subject: { kind: 'allocation', id: a.allocationNumber },
        basis: 'ev-1',
        scope: { providerAgbCode: REGION.providerA, teamCode: REGION.teamA, municipalityCode: REGION.municipalityA },
        evidence: { allocationNumber: a.allocationNumber },
      },
    ]);
    cm = await h.bearer('contract_manager');
  });
  afterAll(() => h.close());

  test("one youth's safety flag is counted as some, never as one, however narrow the filter", async () => {
    const since = new Date(h.clock.now().getTime() - 1).toISOString(); // to the millisecond before it
    const res = await h.http
      .get(
        `/v1/flags?providerAgbCode=${REGION.providerA}&municipalityCode=${REGION.municipalityA}&raisedSince=${encodeURIComponent(since)}`,
      )
      .set('Authorization', cm);
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ safety_concern: null });
    expect(res.body.items).toEqual([]);
    // the window starts at the first of the month, whatever instant was asked for
    expect(res.body.countedSince).toBe('2026-07-01T00:00:00.000Z');
    // the consultant of the team sees its flag
    const consultant = await h.bearer('consultant', { teamCode: REGION.teamA });
    const own = await h.http.get('/v1/flags').set('Authorization', consultant);
    expect(own.body.counts).toEqual({ safety_concern: 1 });
  });

  test("a provider's scorecard counts it the same way for the contract manager, total included", async () => {
    const res = await h.http.get(`/v1/providers/${REGION.providerA}/scorecard`).set('Authorization', cm);
    expect(res.status).toBe(200);
    expect(res.body.openFlags.countsByType).toEqual({ safety_concern: null });
    expect(res.body.openFlags.total).toBeNull();
  });
});

describe("the small-number rule on the contract managers' digest of new flags", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      CONTRACT_MANAGER_EMAILS: 'contractbeheer@regio.example',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    }); // the outbox is not delivered here
    await seedRegion(h);
  });
  afterAll(() => h.close());

  test('one new safety flag at a provider is told as some, with the provider-level ones counted', async () => {
    const scope = { providerAgbCode: REGION.providerA, teamCode: REGION.teamA, municipalityCode: REGION.municipalityA };
    await h.services.flags.notifyDigest([
      {
        type: 'safety_concern',
        subject: { kind: 'allocation', id: 'TW-A-DIGEST' },
        basis: 'ev-1',
        scope,
        evidence: { allocationNumber: 'TW-A-DIGEST' },
      },
      {
        type: 'quarterly_report_missing',
        subject: { kind: 'contract', id: REGION.contractA },
        basis: '2026-Q2',
        scope: { providerAgbCode: REGION.providerA, contractNumber: REGION.contractA },
        evidence: { contractNumber: REGION.contractA, quarter: '2026-Q2' },
      },
    ]);
    const [told] = await h.db.raw.col.outbox.find({ event: 'flags.raised' }).toArray();
    expect(told!.payload.counts).toEqual([
      { providerAgbCode: REGION.providerA, type: 'quarterly_report_missing', count: 1 },
      { providerAgbCode: REGION.providerA, type: 'safety_concern', count: null },
    ]);
    expect(told!.subject).toMatch(/^New flags: /);
    expect(JSON.stringify(told)).not.toContain('TW-A-DIGEST');
  });
});

describe('the rule itself', () => {
  const row = (municipalityCode: string | null, denominator: number, providerAgbCode = 'P', kpi = 'k') => ({
    providerAgbCode,
    municipalityCode,
    kpi,
    denominator,
  });

  test('a small row takes the smallest other row with it, until two or more hold the minimum together', () => {
    const rows = [row(null, 33), row('m1', 20), row('m2', 2), row('m3', 8), row('m4', 0), row('m5', 3)];
    // m2 (2) and m5 (3) are small and hold 5 together: nothing more is needed
    expect([...suppressedRows(rows, 5)].sort()).toEqual([2, 5]);
    // with a minimum of 6 they hold too few: m3 (8), the smallest other, goes with them
    expect([...suppressedRows(rows, 6)].sort()).toEqual([2, 3, 5]);
    // one small row alone: the smallest other goes with it
    expect([...suppressedRows([row(null, 28), row('m1', 20), row('m2', 1), row('m3', 7)], 5)].sort()).toEqual([2, 3]);
    // nothing small: nothing withheld; groups (provider, KPI) are decided apart
    expect(suppressedRows([row('m1', 5), row('m2', 9), row('m1', 1, 'Q'), row('m2', 6, 'Q')], 5)).toEqual(
      new Set([2, 3]),
    );
  });

  test('a share whose withheld rows count none or all of their youths takes one more row with it', () => {
    const share = (municipalityCode: string, numerator: number, denominator: number) => ({
      ...row(municipalityCode, denominator),
      numerator,
    });
    // m2 and m3 withheld hold 6 youths and none dropped out: each would read 0 %; m4 goes too
    const rows = [share('m1', 5, 30), share('m2', 0, 2), share('m3', 0, 4), share('m4', 1, 9)];
    expect([...suppressedRows(rows, 5, () => true)].sort()).toEqual([1, 2, 3]);
    // not a share (a mean, days): the numerator says nothing of each youth
    expect([...suppressedRows(rows, 5, () => false)].sort()).toEqual([1, 2]);
    // all of them counted: the same
    expect(
      [
        ...suppressedRows([share('m1', 5, 30), share('m2', 2, 2), share('m3', 4, 4), share('m4', 1, 9)], 5, () => true),
      ].sort(),
    ).toEqual([1, 2, 3]);
  });

  test('flag counts: small case types are withheld, with a complement and the total where a total is told', () => {
    const cases = new Set(['a', 'b', 'c']);
    expect(disclosedCounts({ a: 1, b: 9, p: 2 }, cases, 5)).toEqual({ counts: { a: null, b: 9, p: 2 }, total: null });
    expect(disclosedCounts({ a: 1, b: 9, c: 12, p: 2 }, cases, 5, 24)).toEqual({
      counts: { a: null, b: null, c: 12, p: 2 },
      total: 24,
    });
    // one case type only: the total would tell it, so the total is withheld
    expect(disclosedCounts({ a: 2, p: 7 }, cases, 5, 9)).toEqual({ counts: { a: null, p: 7 }, total: null });
    expect(disclosedCounts({ a: 6, p: 1 }, cases, 5, 7)).toEqual({ counts: { a: 6, p: 1 }, total: 7 });
  });
});
