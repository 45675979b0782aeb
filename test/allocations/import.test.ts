import type { Harness } from '../support/harness';
import { SYSTEM } from '../../src/policies/principal';
import { allocationInput, REGION, regionHarness, type RegionTokens } from '../support/factories';
import { CSV_HEADER, csvFile, csvLine } from '../support/import-files';

describe('allocation import', () => {
  let h: Harness;
  let t: RegionTokens;
  beforeAll(async () => ({ h, t } = await regionHarness()));
  afterAll(() => h.close());
  beforeEach(async () => {
    await h.db.raw.col.allocations.deleteMany({});
  });

  const importCsv = (token: string, body: string, query = '') =>
    h.http
      .post(`/v1/allocations/import${query}`)
      .set('Authorization', token)
      .set('Content-Type', 'text/csv; charset=utf-8')
      .send(body);

  test('CSV with ";": valid rows applied, invalid rows reported with row number, column and every error', async () => {
    const good = [allocationInput('A'), allocationInput('A')];
    const bad = { ...allocationInput('A'), client: { bsn: '123456789', birthDate: '2012-13-01' } };
    const body = csvFile([good[0]!, bad, good[1]!]);
    const res = await importCsv(t.consultantA, body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      rows: 3,
      created: 2,
      updated: 0,
      unchanged: 0,
      missingFromFile: [],
      teams: [REGION.teamA],
    });
    expect(res.body.rejected).toEqual([
      {
        row: 3,
        allocationNumber: bad.allocationNumber,
        errors: [
          { path: '/client/bsn', column: 'bsn', message: expect.stringContaining('11-check') },
          { path: '/client/birthDate', column: 'birthDate', message: expect.stringContaining('YYYY-MM-DD') },
        ],
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('123456789');
    expect(await h.db.raw.col.allocations.countDocuments()).toBe(2);
  });

  test('re-importing the same file changes nothing; changed rows update with history; absent ones are reported', async () => {
    const rows = [allocationInput('A'), allocationInput('A'), allocationInput('A')];
    expect((await importCsv(t.consultantA, csvFile(rows))).body).toMatchObject({ created: 3, rejected: [] });
    const again = await importCsv(t.consultantA, csvFile(rows));
    expect(again.body).toMatchObject({
      rows: 3,
      created: 0,
      updated: 0,
      unchanged: 3,
      rejected: [],
      missingFromFile: [],
    });

    const changed = [{ ...rows[0]!, endDate: '2027-01-31' }, rows[1]!]; // rows[2] left out
    const third = await importCsv(t.consultantA, csvFile(changed));
    expect(third.body).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 1,
      missingFromFile: [rows[2]!.allocationNumber],
    });
    const updated = await h.db.raw.col.allocations.findOne({ _id: rows[0]!.allocationNumber });
    expect(updated!.history[1]).toMatchObject({
      source: 'import',
      reason: '14',
      changes: { endDate: { from: '2026-12-31', to: '2027-01-31' } },
    });
  });

  test('spreadsheet habits: "," separator, BOM, dropped leading zeros, DD-MM-YYYY dates, 8-digit BSN', async () => {
    const a = allocationInput('A', { client: { bsn: '12345672', birthDate: '2012-03-14' } });
    const line = csvLine(a, ',')
      .replace(`,${REGION.municipalityA},`, ',505,')
      .replace(',2012-03-14,', ',14-3-2012,')
      .replace(',04,', ',4,');
    const body = `\uFEFF${CSV_HEADER.join(',')}\n${line}\n`;
    const res = await importCsv(t.consultantA, body);
    expect(res.body).toMatchObject({ created: 1, rejected: [] });
    const stored = await h.db.raw.col.allocations.findOne({ _id: a.allocationNumber });
    expect(stored).toMatchObject({
      municipalityCode: '0505',
      client: { birthDate: '2012-03-14' },
      volume: { unit: '04' },
    });
  });

  test('NDJSON: one JSON allocation per line; unreadable lines are rejected by line number', async () => {
    const a = allocationInput('A');
    const body = `${JSON.stringify(a)}\n{not json\n\n${JSON.stringify({ ...allocationInput('A'), colour: 'blue' })}\n`;
    const res = await h.http
      .post('/v1/allocations/import')
      .set('Authorization', t.admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(body);
    expect(res.body.created).toBe(1);
    expect(res.body.rejected.map((r: { row: number }) => r.row)).toEqual([2, 4]);
    expect(res.body.rejected[1].errors).toEqual([{ path: '/colour', message: 'is not a known field here' }]);
  });

  test("a consultant cannot import another team's rows, and learns nothing of their allocations", async () => {
    const theirs = allocationInput('B');
    await h.services.allocations.create(
      {
        principal: SYSTEM,
        audit: { tokenId: null, role: 'cli', organisation: null, label: 't' },
        requestId: null,
        sourceIp: null,
      },
      theirs,
    );
    const asMine = {
      ...theirs,
      municipalityCode: REGION.municipalityA,
      teamCode: REGION.teamA,
      providerAgbCode: REGION.providerA,
      contractNumber: REGION.contractA,
    };
    const res = await importCsv(t.consultantA, csvFile([allocationInput('B'), asMine]));
    expect(res.body.created).toBe(0);
    expect(res.body.rejected[0].errors).toEqual([
      {
        path: '/teamCode',
        column: 'teamCode',
        message: `consultants import allocations of their own team (${REGION.teamA}) only`,
      },
    ]);
    expect(res.body.rejected[1].errors).toEqual([
      { path: '/allocationNumber', column: 'allocationNumber', message: 'is already in use' },
    ]);
    expect(res.body.missingFromFile).toEqual([]);
    expect((await importCsv(t.consultantA, csvFile([]), `?teamCode=${REGION.teamB}`)).status).toBe(403);
  });

  test("an internal error is the request's problem, never a row of the report in the engine's words", async () => {
    const rows = [allocationInput('A'), allocationInput('A')];
    expect((await importCsv(t.consultantA, csvFile(rows))).body).toMatchObject({ created: 2, rejected: [] });
    // a record the engine cannot update as the hub asks (its history is not a list)
    await h.db.raw.col.allocations.updateOne(
      { _id: rows[1]!.allocationNumber },
      { $set: { history: 'not a list' as unknown as [] } },
    );
    const res = await importCsv(t.consultantA, csvFile([rows[0]!, { ...rows[1]!, endDate: '2027-01-31' }]));
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 500, type: '/problems/internal-error' });
    expect(JSON.stringify(res.body)).not.toMatch(/history|array|Mongo|TypeError|ferret/i);
    await h.db.raw.col.allocations.deleteOne({ _id: rows[1]!.allocationNumber });
  });

  test('an NDJSON line longer than 64 KiB stops the import with a 413 naming it, before the line is held whole', async () => {
    const a = allocationInput('A');
    const long = JSON.stringify({ ...allocationInput('A'), note: 'x'.repeat(100_000) });
    const res = await h.http
      .post('/v1/allocations/import')
      .set('Authorization', t.admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(`${JSON.stringify(a)}\n${long}\n${JSON.stringify(allocationInput('A'))}\n`);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ type: '/problems/import-line-too-long', status: 413 });
    expect(res.body.detail).toContain('Line 2 is longer than 65536 bytes');
    // safe to repeat once the line is fixed
    const fixed = await h.http
      .post('/v1/allocations/import')
      .set('Authorization', t.admin)
      .set('Content-Type', 'application/x-ndjson')
      .send(`${JSON.stringify(a)}\n`);
    expect(fixed.body).toMatchObject({ rejected: [] });
    expect(await h.db.raw.col.allocations.countDocuments({ _id: a.allocationNumber })).toBe(1);
  });

  test('a CSV record longer than 64 Ki characters (an unclosed quote) stops the import with a 413 naming it', async () => {
    const good = allocationInput('A');
    const header = CSV_HEADER.join(';');
    const lines = csvFile([good]).trim().split('\r\n');
    // the second record opens a quote it never closes: the rest of the file would be one field
    const body = `${header}\r\n${lines[1]}\r\n"${'x'.repeat(200_000)}\r\n${lines[1]}\r\n`;
    const res = await importCsv(t.consultantA, body);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ type: '/problems/import-line-too-long', status: 413 });
    expect(res.body.detail).toContain('line 3 is longer than 65536 characters');
    expect(res.body.errors).toEqual([{ path: '/rows/3', message: 'longer than 65536 characters' }]);
    // the file, fixed, is safe to send again
    const fixed = await importCsv(t.consultantA, csvFile([good]));
    expect(fixed.body).toMatchObject({ rejected: [] });
    expect(await h.db.raw.col.allocations.countDocuments({ _id: good.allocationNumber })).toBe(1);
  });

  test('more than 1,000 rejected rows stop the import with one small 422, not a report of every row', async () => {
    const header = CSV_HEADER.join(';');
    const empty = `${';'.repeat(CSV_HEADER.length - 1)}x`; // a row of nothing useful
    const body = `${header}\n${Array.from({ length: 5_000 }, () => empty).join('\n')}\n`;
    const res = await importCsv(t.consultantA, body);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: '/problems/import-too-many-rejected', status: 422 });
    expect(res.body.errors.length).toBeLessThanOrEqual(20);
    expect(res.body.errors[0].path).toMatch(/^\/rows\/2(\/|$)/);
    expect(JSON.stringify(res.body).length).toBeLessThan(10_000);
  });

  test('a header with unknown or missing columns refuses the file before any row; wrong content type is 415', async () => {
    const res = await importCsv(t.admin, 'allocationNumber;bsn;colour\nX;123;red\n');
    expect(res.status).toBe(422);
    expect(res.body.errors).toContainEqual({ path: '/header/colour', message: 'is not a known column' });
    expect(res.body.errors).toContainEqual({ path: '/header/endDate', message: 'is a required column and is missing' });
    expect(
      (
        await h.http
          .post('/v1/allocations/import')
          .set('Authorization', t.admin)
          .set('Content-Type', 'application/json')
          .send('[]')
      ).status,
    ).toBe(415);
    expect(await importCsv(t.providerA, csvFile([])).then((r) => r.status)).toBe(403);
  });

  test('a row that repeats an allocation number within the file is rejected', async () => {
    const a = allocationInput('A');
    const res = await importCsv(t.admin, csvFile([a, a]));
    expect(res.body.created).toBe(1);
    expect(res.body.rejected).toEqual([
      {
        row: 3,
        allocationNumber: a.allocationNumber,
        errors: [
          {
            path: '/allocationNumber',
            column: 'allocationNumber',
            message: 'appears twice in the file (first at row 2)',
          },
        ],
      },
    ]);
  });

  test('10,000 rows in one request: counts are right, and importing again changes nothing', async () => {
    const rows = Array.from({ length: 10_000 }, () => allocationInput('A'));
    rows[1234] = { ...rows[1234]!, product: { category: '45', code: 'XXXXX' } };
    rows[9876] = { ...rows[9876]!, volume: { amount: 60, unit: '99' as '01', frequency: '6' } }; // a unit the schema rejects
    const body = csvFile(rows);
    const first = await importCsv(t.admin, body, `?teamCode=${REGION.teamA}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: 10_000, created: 9_998, updated: 0, unchanged: 0, missingFromFile: [] });
    expect(first.body.rejected.map((r: { row: number }) => r.row)).toEqual([1236, 9878]);
    expect(await h.db.raw.col.allocations.countDocuments()).toBe(9_998);
    const second = await importCsv(t.admin, body, `?teamCode=${REGION.teamA}`);
    expect(second.body).toMatchObject({ rows: 10_000, created: 0, updated: 0, unchanged: 9_998 });
    expect(second.body.rejected).toHaveLength(2);
  });
});
