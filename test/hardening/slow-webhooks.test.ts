import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { OutboxDoc } from '../../src/records';
import { createMetrics } from '../../src/metrics';
import { startScheduler } from '../../src/scheduler/scheduler';
import type { HubJob as Job } from '../../jobs/job';
import { createHarness, type Harness } from '../support/harness';
import { startWebhookReceiver } from '../support/peers';

/** A receiver that reads the request and then answers one byte every `everyMs`, never finishing in time. */
async function startTrickler(everyMs: number) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    const answer = 'HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n';
    let i = 0;
    const timer = setInterval(() => {
      if (socket.destroyed || i >= answer.length) return clearInterval(timer);
      socket.write(answer[i]!);
      i += 1;
    }, everyMs);
    socket.on('close', () => {
      clearInterval(timer);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('one slow webhook receiver cannot stop the deliveries', () => {
  let h: Harness;
  let trickler: Awaited<ReturnType<typeof startTrickler>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    trickler = await startTrickler(400);
    hook = await startWebhookReceiver();
    h = await createHarness({ WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_TIMEOUT_MS: '1000', SHUTDOWN_TIMEOUT_MS: '800' });
    await h.services.registry.createProvider({
      agbCode: '44444444',
      name: 'Traag BV',
      email: 'a@traag.example',
      webhookUrl: trickler.url,
    });
    await h.services.registry.createProvider({
      agbCode: '55555555',
      name: 'Snel BV',
      email: 'a@snel.example',
      webhookUrl: hook.url,
    });
  });
  afterAll(async () => {
    await Promise.all([trickler.close(), hook.close()]);
    await h.close();
  });

  const message = (n: number, agb: string, url: string): OutboxDoc => ({
    _id: `msg-${agb}-${n}`,
    channel: 'webhook',
    recipient: { kind: 'provider', id: agb, address: url },
    event: 'test.event',
    subject: 'test',
    payload: { n },
    status: 'pending',
    attempts: [],
    attemptCount: 0,
    nextAttemptAt: new Date('2026-01-01T00:00:00Z'),
    createdAt: new Date('2026-01-01T00:00:00Z'),
  });

  test('a receiver trickling its answer gets one bounded attempt per run; the others are delivered meanwhile', async () => {
    const slow = Array.from({ length: 5 }, (_, i) => message(i, '44444444', trickler.url));
    const fast = Array.from({ length: 5 }, (_, i) => message(i, '55555555', hook.url));
    await h.db.raw.col.outbox.insertMany([...slow, ...fast]);
    const started = Date.now();
    const counts = await h.services.delivery.deliverDue(new Date('2026-06-01T00:00:00Z'));
    const took = Date.now() - started;
    expect(counts).toEqual({ delivered: 5, retrying: 1, dead: 0 });
    expect(took).toBeLessThan(4000); // one 1 s deadline for the trickler, not 5 x (byte every 0.4 s)
    expect(hook.received).toHaveLength(5);
    const slowDocs = await h.db.raw.col.outbox.find({ 'recipient.id': '44444444' }).toArray();
    expect(slowDocs.map((d) => d.attemptCount).sort()).toEqual([0, 0, 0, 0, 1]);
    expect(slowDocs.find((d) => d.attemptCount === 1)!.attempts[0]!.detail).toBe('no answer within 1000 ms');
  });

  test('shutdown waits for a running job at most SHUTDOWN_TIMEOUT_MS', async () => {
    const endless: Job = {
      name: 'endless-job',
      schedule: '0 5 * * *',
      description: 'test',
      run: () => new Promise((r) => setTimeout(() => r({}), 10_000)),
    };
    const scheduler = startScheduler(
      [endless],
      {
        config: { ...h.config, jobsEnabled: true },
        database: h.db.database,
        services: h.services,
        logger: h.log.logger,
      },
      createMetrics(),
      () => new Date('2026-06-01T10:00:00Z'),
    );
    await new Promise((r) => setTimeout(r, 300)); // the start-up catch-up is running
    const started = Date.now();
    await scheduler.stop();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(h.log.text()).toContain('shutdown timeout: not waiting for running jobs any longer');
  });
});
