import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, REGION, seedRegion } from '../support/factories';
import { CSV_HEADER, csvFile } from '../support/import-files';

describe('back-pressure: rate limits and import caps', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      RATE_LIMIT_PER_TOKEN: '3',
      RATE_LIMIT_PER_ADDRESS: '8',
      IMPORT_MAX_ROWS: '2',
      IMPORT_MAX_CONCURRENT: '1',
    });
    await seedRegion(h);
  });
  afterAll(() => h.close());

  test('per token, then per address: 429 problems with Retry-After; monitoring is never limited', async () => {
    const a = await h.bearer('provider', { providerAgbCode: REGION.providerA });
    const b = await h.bearer('provider', { providerAgbCode: REGION.providerB });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await h.http.get('/v1/obligations').set('Authorization', a)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await h.http.get('/v1/obligations').set('Authorization', a);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.body).toMatchObject({ status: 429, type: '/problems/rate-limited' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await h.http.get('/v1/obligations').set('Authorization', b)).status).toBe(200); // another token is not held up
    // 6 requests from this address so far; the 9th in the minute is refused, whatever the token
    expect((await h.http.get('/v1/obligations').set('Authorization', b)).status).toBe(200);
    expect((await h.http.get('/v1/obligations').set('Authorization', b)).status).toBe(200);
    const byAddress = await h.http.get('/v1/obligations').set('Authorization', b);
    expect(byAddress.status).toBe(429);
    expect(byAddress.body.detail).toContain('from your address');
    expect((await h.http.get('/healthz')).status).toBe(200);
  });

  test('an import above IMPORT_MAX_ROWS is 413; a second import while one runs is 429', async () => {
    const fresh = await createHarness({ IMPORT_MAX_ROWS: '2', IMPORT_MAX_CONCURRENT: '1' });
    try {
      await seedRegion(fresh);
      const consultant = await fresh.bearer('consultant', { teamCode: REGION.teamA });
      const big = await fresh.http
        .post('/v1/allocations/import')
        .set('Authorization', consultant)
        .set('Content-Type', 'text/csv')
        .send(csvFile([allocationInput('A'), allocationInput('A'), allocationInput('A')]));
      expect(big.body).toMatchObject({ status: 413, type: '/problems/import-too-many-rows' });

      const server = http.createServer(fresh.app.callback()).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/allocations/import`;
      try {
        const slow = http.request(url, {
          method: 'POST',
          headers: { Authorization: consultant, 'Content-Type': 'text/csv', 'Transfer-Encoding': 'chunked' },
        });
        slow.on('error', () => undefined);
        slow.write(`${CSV_HEADER.join(';')}\n`);
        await new Promise((r) => setTimeout(r, 300)); // the first import is reading its upload
        const second = await fetch(url, {
          method: 'POST',
          headers: { Authorization: consultant, 'Content-Type': 'text/csv' },
          body: csvFile([allocationInput('A')]),
        });
        expect(second.status).toBe(429);
        expect(second.headers.get('retry-after')).toBe('30');
        slow.end();
      } finally {
        server.close();
      }
    } finally {
      await fresh.close();
    }
  });

  test("one caller's imports cannot use up the instance's: a second import of the same team is 429, another team's runs", async () => {
    const fresh = await createHarness({ IMPORT_MAX_CONCURRENT: '3' });
    try {
      await seedRegion(fresh);
      const consultantA = await fresh.bearer('consultant', { teamCode: REGION.teamA });
      const colleagueA = await fresh.bearer('consultant', { teamCode: REGION.teamA });
      const consultantB = await fresh.bearer('consultant', { teamCode: REGION.teamB });
      const server = http.createServer(fresh.app.callback()).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/allocations/import`;
      let slow: http.ClientRequest | undefined;
      try {
        slow = http.request(url, {
          method: 'POST',
          headers: { Authorization: consultantA, 'Content-Type': 'text/csv', 'Transfer-Encoding': 'chunked' },
        });
        const slowAnswer = new Promise<number>((resolve) => slow!.on('response', (res) => resolve(res.statusCode!)));
        slow.on('error', () => undefined);
        slow.write(`${CSV_HEADER.join(';')}\n`);
        await new Promise((r) => setTimeout(r, 300)); // the first import is reading its upload
        const post = (token: string, tenant: 'A' | 'B') =>
          fetch(url, {
            method: 'POST',
            headers: { Authorization: token, 'Content-Type': 'text/csv' },
            body: csvFile([allocationInput(tenant)]),
          });
        const sameTeam = await post(colleagueA, 'A');
        expect(sameTeam.status).toBe(429);
        expect(sameTeam.headers.get('retry-after')).toBe('30');
        expect(((await sameTeam.json()) as { detail: string }).detail).toContain('an import of yours is still running');
        expect((await post(consultantB, 'B')).status).toBe(200);
        slow.end();
        expect(await slowAnswer).toBe(200);
        expect((await post(colleagueA, 'A')).status).toBe(200); // once the first is done
      } finally {
        slow?.destroy(); // a failed expectation must not leave the upload open
        server.close();
        server.closeAllConnections();
      }
    } finally {
      await fresh.close();
    }
  });
});
