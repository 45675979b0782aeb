/**
 * Slow clients cannot hold the hub: headers that never end, a body that trickles, an
 * import that stops sending. Each gets a 408 problem and a closed connection, the
 * import's slot is free again at once, and an import the hub itself is slow to apply
 * is never cut short. A real server on a real port, spoken to over raw sockets.
 */
import net from 'node:net';
import { serveApp, type ServedApp } from '../../src/http-server';
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, REGION, seedRegion } from '../support/factories';
import { CSV_HEADER, csvFile } from '../support/import-files';

/** Sends `head` (and then nothing) and collects what comes back until the server closes. */
function stall(port: number, head: string): Promise<{ text: string; closedAfterMs: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => (text += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
  });
}

describe('slow clients', () => {
  let h: Harness;
  let served: ServedApp;
  let consultant: string;
  beforeAll(async () => {
    h = await createHarness({ HEADERS_TIMEOUT_MS: '1000', BODY_IDLE_TIMEOUT_MS: '1000', IMPORT_MAX_CONCURRENT: '1' });
    await seedRegion(h);
    served = await serveApp(h.app, { ...h.config, host: '127.0.0.1', port: 0 }, h.log.logger);
    consultant = await h.bearer('consultant', { teamCode: REGION.teamA });
  });
  afterAll(async () => {
    await served.close();
    await h.close();
  });

  test('headers that never end: 408 and closed', async () => {
    const { text, closedAfterMs } = await stall(served.port, 'GET /v1/obligations HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(5000);
  });

  test('a JSON body that stops coming: a 408 problem, closed, nothing stored', async () => {
    const body = JSON.stringify(allocationInput('A'));
    const { text, closedAfterMs } = await stall(
      served.port,
      `POST /v1/allocations HTTP/1.1\r\nHost: x\r\nAuthorization: ${consultant}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 20)}`,
    );
    expect(text).toMatch(/^HTTP\/1\.1 408/);
    expect(text).toContain('application/problem+json');
    expect(text).toContain('"type":"/problems/request-timeout"');
    expect(closedAfterMs).toBeLessThan(5000);
  });

  test('an import that stops sending frees its slot: the next import runs at once', async () => {
    const rows = csvFile([allocationInput('A')]);
    const head =
      `POST /v1/allocations/import HTTP/1.1\r\nHost: x\r\nAuthorization: ${consultant}\r\nContent-Type: text/csv\r\n` +
      `Content-Length: 100000\r\n\r\n${CSV_HEADER.join(';')}\r\n`;
    const stalled = await stall(served.port, head);
    expect(stalled.text).toMatch(/^HTTP\/1\.1 408/);
    expect(stalled.closedAfterMs).toBeLessThan(5000);
    // one import per team and IMPORT_MAX_CONCURRENT 1: a slot still held would make this a 429
    const next = await fetch(`${served.url}/v1/allocations/import`, {
      method: 'POST',
      headers: { Authorization: consultant, 'Content-Type': 'text/csv' },
      body: rows,
    });
    expect(next.status).toBe(200);
    expect(((await next.json()) as { created: number }).created).toBe(1);
  });

  test('an import the hub is slow to apply is not a slow client: thousands of rows, each idle second the hub its own', async () => {
    const many = Array.from({ length: 3000 }, () => allocationInput('A'));
    const started = Date.now();
    const res = await fetch(`${served.url}/v1/allocations/import`, {
      method: 'POST',
      headers: { Authorization: consultant, 'Content-Type': 'text/csv' },
      body: csvFile(many),
    });
    const tookMs = Date.now() - started;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { created: number }).created).toBe(3000);
    // it took longer than the idle timeout: the body waited on the hub, not the other way round
    expect(tookMs).toBeGreaterThan(1000);
  });
});
