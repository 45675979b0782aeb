import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { Webhook } from 'standardwebhooks';
import { PROJECT_ROOT } from '../../src/paths';
import { backoffMs } from '../../src/services/delivery/delivery.service';
import { apiActor, systemActor } from '../../src/services/actor';
import type { EvaluationInput } from '../../src/services/intake/evaluations.service';
import { createHarness, type Harness } from '../support/harness';
import { allocationInput, evaluationInput, REGION, seedRegion } from '../support/factories';
import { startSmtpServer, startWebhookReceiver } from '../support/peers';

describe('reminders and the outbox: webhooks and e-mail', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let secret: string;
  const cli = systemActor('cli', 'test');
  beforeAll(async () => {
    smtp = await startSmtpServer();
    hook = await startWebhookReceiver();
    h = await createHarness({
      SMTP_URL: smtp.url,
      CONTRACT_MANAGER_EMAILS: 'cm@region.example',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      OUTBOX_MAX_ATTEMPTS: '3',
    });
    await seedRegion(h);
    const created = await h.services.registry.createProvider({
      agbCode: '33333333',
      name: 'Webhook BV',
      email: 'ops@webhook.example',
      webhookUrl: hook.url,
    });
    secret = created.webhookSecret!;
    await h.services.registry.createContract({
      contractNumber: 'C-WH',
      providerAgbCode: '33333333',
      startDate: '2026-01-01',
      endDate: '2027-12-31',
      productCodes: ['45A48'],
    });
  });
  afterAll(async () => {
    h.services.mailer.close();
    await Promise.all([smtp.close(), hook.close()]);
    await h.close();
  });
  beforeEach(async () => {
    hook.received.length = 0;
    hook.respond(204);
    for (const c of ['outbox', 'allocations', 'flags', 'evaluations']) await h.db.raw.db.collection(c).deleteMany({});
  });

  /** The outbox messages about one allocation. */
  const messagesOf = (n: string) =>
    h.db.raw.col.outbox
      .find({ $or: [{ 'payload.obligation.allocationNumber': n }, { 'payload.flag.subject.id': n }] })
      .toArray();

  const allocationOfWebhookProvider = async () => {
    const a = allocationInput('A', {
      providerAgbCode: '33333333',
      contractNumber: 'C-WH',
      startDate: '2026-02-01',
      endDate: '2026-12-31',
      careStartDate: '2026-02-02',
    });
    await h.services.allocations.create(cli, a);
    return a.allocationNumber;
  };

  test('a reminder goes out as a signed webhook that verifies with the documented recipe, once per stage', async () => {
    const n = await allocationOfWebhookProvider();
    const now = new Date('2026-04-16T05:00:00Z'); // 14 days before the due date, 30 April
    await h.services.reminders.run(now);
    expect(await messagesOf(n)).toHaveLength(1);
    expect(await h.services.reminders.run(now)).toMatchObject({ written: 0 }); // the same stage again: nothing new
    await h.services.delivery.deliverDue(now);
    await h.services.delivery.deliverDue(now);
    const received = hook.received.find((r) => r.body.includes(n)); // (the contract's quarterly reminder goes to the same hook)
    expect(hook.received.filter((r) => r.body.includes(n))).toHaveLength(1);
    const payload = new Webhook(secret).verify(received!.body, received!.headers as Record<string, string>) as {
      type: string;
      obligation: Record<string, string>;
    };
    expect(payload).toMatchObject({
      type: 'reminder.upcoming',
      obligation: { kind: 'evaluation', allocationNumber: n, dueDate: '2026-04-30', overdueAfter: '2026-05-14' },
    });
    expect(() =>
      new Webhook(secret).verify(`${received!.body} `, received!.headers as Record<string, string>),
    ).toThrow();

    // the integrators' recipe (docs/integrators.md), run as written, accepts it and refuses a tampered body
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'integrators.md'), 'utf8');
    const recipe = /```js\n(const crypto = require\('node:crypto'\);[\s\S]*?)```/.exec(readme)![1]!;
    const verifyHubWebhook = vm.runInNewContext(`${recipe}\nverifyHubWebhook;`, {
      require,
      Buffer,
      Date,
      JSON,
      Math,
      Number,
    }) as (s: string, h: object, b: string) => unknown;
    expect(verifyHubWebhook(secret, received!.headers, received!.body)).toEqual(payload);
    expect(() => verifyHubWebhook(secret, received!.headers, received!.body.replace('upcoming', 'overdue'))).toThrow(
      'bad webhook signature',
    );
    const stored = await h.db.raw.col.outbox.findOne({ _id: received!.headers['webhook-id'] });
    expect(stored).toMatchObject({
      status: 'delivered',
      attemptCount: 1,
      attempts: [expect.objectContaining({ ok: true, detail: 'HTTP 204' })],
    });
  });

  test('stages: on the due date, overdue after the grace days, then the contract manager is told', async () => {
    const n = await allocationOfWebhookProvider();
    const events = async (iso: string) => {
      await h.services.reminders.run(new Date(iso));
      return (await h.db.raw.col.outbox.find({ 'payload.obligation.allocationNumber': n }).toArray())
        .map((m) => `${m.event}>${m.recipient.kind}`)
        .sort();
    };
    expect(await events('2026-04-30T05:00:00Z')).toEqual(['reminder.due>provider']);
    expect(await events('2026-05-15T05:00:00Z')).toEqual(['reminder.due>provider', 'reminder.overdue>provider']);
    expect(await events('2026-05-28T05:00:00Z')).toEqual(['reminder.due>provider', 'reminder.overdue>provider']);
    expect(await events('2026-05-29T05:00:00Z')).toEqual([
      'escalation.overdue>contract_manager',
      'reminder.due>provider',
      'reminder.overdue>provider',
    ]);
    await h.services.delivery.deliverDue(new Date('2026-05-29T05:01:00Z'));
    const escalation = smtp.mails.find((m) => m.to.includes('cm@region.example') && m.raw.includes(n));
    expect(escalation?.raw).toContain('Escalatie');
  });

  test('a failing receiver is retried with exponential backoff, then dead-lettered; each attempt is recorded', async () => {
    const n = await allocationOfWebhookProvider();
    hook.respond(503);
    const t0 = new Date('2026-04-16T05:00:00Z');
    await h.services.reminders.run(t0);
    const state = async () => {
      const [m] = await messagesOf(n);
      return { status: m!.status, attempts: m!.attemptCount };
    };
    await h.services.delivery.deliverDue(t0);
    expect(await state()).toEqual({ status: 'pending', attempts: 1 });
    await h.services.delivery.deliverDue(new Date(t0.getTime() + 30_000));
    expect(await state()).toEqual({ status: 'pending', attempts: 1 }); // not due again yet
    await h.services.delivery.deliverDue(new Date(t0.getTime() + backoffMs(1)));
    expect(await state()).toEqual({ status: 'pending', attempts: 2 });
    await h.services.delivery.deliverDue(new Date(t0.getTime() + backoffMs(1) + backoffMs(2)));
    expect(await state()).toEqual({ status: 'dead', attempts: 3 });
    const [dead] = await messagesOf(n);
    expect(dead!.attempts.map((a) => a.detail)).toEqual(['HTTP 503', 'HTTP 503', 'HTTP 503']);
    expect(backoffMs(1)).toBe(60_000);
    expect(backoffMs(5)).toBe(16 * 60_000);
    expect(backoffMs(20)).toBe(12 * 3_600_000);
  });

  test('webhooks never go to loopback or private addresses unless configured; plain http only with that setting', async () => {
    const strict = await createHarness({ SMTP_URL: smtp.url });
    try {
      await seedRegion(strict);
      await strict.services.registry.createProvider({
        agbCode: '44444444',
        name: 'Intern',
        email: 'x@x.example',
        webhookUrl: 'https://127.0.0.1/hook',
      });
      await strict.services.registry.createContract({
        contractNumber: 'C-INT',
        providerAgbCode: '44444444',
        startDate: '2026-01-01',
        endDate: '2027-12-31',
        productCodes: ['45A48'],
      });
      const internal = allocationInput('A', {
        providerAgbCode: '44444444',
        contractNumber: 'C-INT',
        startDate: '2026-02-01',
        endDate: '2026-12-31',
        careStartDate: '2026-02-02',
      });
      await strict.services.allocations.create(cli, internal);
      const now = new Date('2026-04-16T05:00:00Z');
      await strict.services.reminders.run(now);
      await strict.services.delivery.deliverDue(now);
      const [message] = await strict.db.raw.col.outbox
        .find({ 'payload.obligation.allocationNumber': internal.allocationNumber })
        .toArray();
      expect(message).toMatchObject({ status: 'dead', attemptCount: 1 }); // retrying cannot help
      expect(message!.attempts[0]!.detail).toBe('refusing non-public address 127.0.0.1');
    } finally {
      strict.services.mailer.close();
      await strict.close();
    }
  });

  test('a provider without a webhook gets e-mail; a flag for the team goes to the team address', async () => {
    await h.db.raw.col.teams.updateOne({ _id: REGION.teamA }, { $set: { email: 'team-a@gemeente.example' } });
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31', careStartDate: '2026-02-02' });
    await h.services.allocations.create(cli, a);
    h.clock.set('2026-05-10T09:00:00Z');
    const provider = apiActor(
      { tokenId: 'yht_00000000000000aa', role: 'provider', label: 'A', providerAgbCode: REGION.providerA },
      'test',
      '127.0.0.1',
    );
    await h.services.evaluations.submit(
      provider,
      evaluationInput(a.allocationNumber, '2026-02-01', '2026-04-30', {
        safety: { concerns: true, veiligThuisReport: false, safetyPlan: true },
      }) as EvaluationInput,
    );
    await h.services.reminders.run(new Date('2026-07-17T05:00:00Z'));
    const before = smtp.mails.length;
    await h.services.delivery.deliverDue(new Date('2026-07-17T05:01:00Z'));
    const sent = smtp.mails.slice(before).filter((m) => m.raw.includes(a.allocationNumber));
    expect(sent.map((m) => m.to[0]).sort()).toEqual(['a@a.example', 'team-a@gemeente.example']); // the reminder, and the safety flag
    expect((await messagesOf(a.allocationNumber)).every((m) => m.status === 'delivered')).toBe(true);
    expect(smtp.mails.every((m) => !m.raw.includes(a.client.bsn))).toBe(true);
  });
});
