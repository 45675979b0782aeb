import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHubProcess, type HubProcess } from '../support/hub-process';
import { allocationInput } from '../support/factories';
import { CSV_HEADER, csvLine } from '../support/import-files';

/** Sends a chunked import; `abortAfter` bytes are written and then the connection is cut. */
function chunkedImport(
  hub: HubProcess,
  type: string,
  chunks: string[],
  abortAfterChunks?: number,
): Promise<{ status: number; body: string } | 'aborted'> {
  return new Promise((resolve, reject) => {
    const u = new URL('/v1/allocations/import?teamCode=TEAM-X', hub.url);
    const req = http.request(
      u,
      { method: 'POST', headers: { Authorization: hub.admin, 'Content-Type': type, 'Transfer-Encoding': 'chunked' } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => {
          body += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', (err) => (abortAfterChunks !== undefined ? resolve('aborted') : reject(err)));
    void (async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (abortAfterChunks !== undefined && i === abortAfterChunks) {
          await sleep(200);
          req.destroy();
          resolve('aborted');
          return;
        }
        req.write(chunk);
        await sleep(5);
      }
      req.end();
    })();
  });
}

const csvChunks = (n: number) => [
  `${CSV_HEADER.join(';')}\n`,
  ...Array.from({ length: n }, () => `${csvLine(allocationInput('A'))}\n`),
];
const ndjsonChunks = (n: number) => Array.from({ length: n }, () => `${JSON.stringify(allocationInput('A'))}\n`);

describe('allocation import streams: an aborted or oversize upload fails that request only', () => {
  let hub: HubProcess;
  beforeAll(async () => {
    hub = await startHubProcess({ IMPORT_BODY_LIMIT: '4kb' });
  });
  afterAll(() => hub.stop());

  const alive = async () => {
    expect(hub.proc.child.exitCode).toBeNull();
    const res = await fetch(`${hub.url}/healthz`);
    expect(res.status).toBe(200);
  };

  test.each([
    ['CSV', 'text/csv', csvChunks],
    ['NDJSON', 'application/x-ndjson', ndjsonChunks],
  ])('%s: a client that cuts the connection half-way leaves the hub running', async (_name, type, make) => {
    expect(await chunkedImport(hub, type, make(40), 5)).toBe('aborted');
    await sleep(500);
    await alive();
    expect(hub.proc.stdout()).toMatch(/"path":"\/v1\/allocations\/import".*"status":400/);
    expect(hub.proc.stderr()).not.toMatch(/Error/);
  });

  test.each([
    ['CSV', 'text/csv', csvChunks],
    ['NDJSON', 'application/x-ndjson', ndjsonChunks],
  ])(
    '%s: more than IMPORT_BODY_LIMIT sent chunked is a 413 problem, and the hub runs on',
    async (_name, type, make) => {
      const res = await chunkedImport(hub, type, make(60));
      expect(res).not.toBe('aborted');
      const { status, body } = res as { status: number; body: string };
      expect(status).toBe(413);
      expect(JSON.parse(body)).toMatchObject({ status: 413, detail: 'The request body is larger than 4kb.' });
      await alive();
    },
  );
});
