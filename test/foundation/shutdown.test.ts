import { setTimeout as sleep } from 'node:timers/promises';
import { serveApp } from '../../src/http-server';
import { createHarness, type Harness } from '../support/harness';

describe('graceful shutdown', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  test('an in-flight request finishes; new connections are refused', async () => {
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    h.app.use(async (ctx, next) => {
      if (ctx.path !== '/slow') return next();
      entered();
      await sleep(600);
      ctx.body = { finished: true };
    });
    const served = await serveApp(
      h.app,
      { ...h.config, host: '127.0.0.1', port: 0, shutdownTimeoutMs: 5000 },
      h.log.logger,
    );
    const inFlight = fetch(`${served.url}/slow`).then(async (r) => ({ status: r.status, body: await r.json() }));
    await inside;
    const closed = served.close();
    await expect(fetch(`${served.url}/healthz`)).rejects.toThrow();
    await expect(inFlight).resolves.toEqual({ status: 200, body: { finished: true } });
    await closed;
  });
});
