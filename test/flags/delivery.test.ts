import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { Webhook } from 'standardwebhooks';
import { PROJECT_ROOT } from '../../src/paths';
import { backoffMs } from '../../src/services/delivery/delivery.service';
import { apiActor, systemActor } from '../../src/services/actor';
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

  /** The outbox messages that name one allocation (a digest listing it, a flag about it). */
  const messagesOf = async (n: string) =>
    (await h.db.raw.col.outbox.find({}).toArray()).filter((m) => JSON.stringify(m.payload).includes(`"${n}"`));

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

  test('a reminder digest goes out as a signed webhook that verifies with the documented recipe, once a day', async () => {
    const n = await allocationOfWebhookProvider();
    const now = new Date('2026-04-16T05:00:00Z'); // 14 days before the due date, 30 April
    await h.services.reminders.run(now);
    expect(await messagesOf(n)).toHaveLength(1);
    expect(await h.services.reminders.run(now)).toMatchObject({ written: 0 }); // the same day again: nothing new
    await h.services.delivery.deliverDue(now);
    await h.services.delivery.deliverDue(now);
    expect(hook.received).toHaveLength(1); // one digest: the evaluation and the contract's quarterly report
    const received = hook.received[0]!;
    const payload = new Webhook(secret).verify(received.body, received.headers as Record<string, string>) as {
      type: string;
      items: Record<string, unknown>[];
    };
    expect(payload).toEqual({
      id: received.headers['webhook-id'],
      type: 'reminders.digest',
      date: '2026-04-16',
      counts: { upcoming: 2, due: 0, overdue: 0 },
      items: [
        {
          stage: 'upcoming',
          new: true,
          kind: 'evaluation',
          allocationNumber: n,
          contractNumber: 'C-WH',
          dueDate: '2026-04-30',
          overdueAfter: '2026-05-14',
          link: `/v1/obligations?allocationNumber=${n}`,
        },
        {
          stage: 'upcoming',
          new: true,
          kind: 'quarterly_report',
          contractNumber: 'C-WH',
          quarter: '2026-Q1',
          dueDate: '2026-04-30',
          overdueAfter: '2026-04-30',
          link: '/v1/obligations?kind=quarterly_report',
        },
      ],
      shielded: { upcoming: 0, due: 0, overdue: 0 },
      links: { obligations: '/v1/obligations' },
    });
    expect(() => new Webhook(secret).verify(`${received.body} `, received.headers as Record<string, string>)).toThrow();

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
    expect(verifyHubWebhook(secret, received.headers, received.body)).toEqual(payload);
    expect(() => verifyHubWebhook(secret, received.headers, received.body.replace('upcoming', 'overdue'))).toThrow(
      'bad webhook signature',
    );
    const stored = await h.db.raw.col.outbox.findOne({ _id: received.headers['webhook-id'] });
    expect(stored).toMatchObject({
      status: 'delivered',
      attemptCount: 1,
      attempts: [expect.objectContaining({ ok: true, detail: 'HTTP 204' })],
    });
  });

  test('stages: on the due date, overdue after the grace days, daily while overdue, then the contract manager is told', async () => {
    const n = await allocationOfWebhookProvider();
    /** The day's messages: event > recipient, and the allocation's stage in it (new or still). */
    const day = async (iso: string) => {
      await h.services.reminders.run(new Date(iso));
      const date = iso.slice(0, 10);
      type Item = { allocationNumber?: string; providerAgbCode?: string; kind: string; stage?: string; new?: boolean };
      return (await h.db.raw.col.outbox.find({}).toArray())
        .filter((m) => m.payload.date === date && (m.recipient.kind !== 'provider' || m.recipient.id === '33333333'))
        .map((m) => {
          const items = m.payload.items as Item[];
          if (m.recipient.kind === 'contract_manager') {
            const ours = items.filter((i) => i.providerAgbCode === '33333333').map((i) => i.kind);
            return `${m.event}>${m.recipient.kind}: ${ours.join(', ')}`;
          }
          const item = items.find((i) => i.allocationNumber === n);
          return `${m.event}>${m.recipient.kind}${item ? `: ${item.stage}${item.new ? ' (new)' : ''}` : ''}`;
        })
        .sort();
    };
    expect(await day('2026-04-29T05:00:00Z')).toEqual([]); // only upcoming, nothing new today: no message
    expect(await day('2026-04-30T05:00:00Z')).toEqual(['reminders.digest>provider: due (new)']);
    expect(await day('2026-05-14T05:00:00Z')).toEqual(['reminders.digest>provider: due']); // the last grace day
    // the quarterly report (due 30 April, no grace days) escalates 14 days after: one digest for the region
    expect(await day('2026-05-15T05:00:00Z')).toEqual([
      'escalations.digest>contract_manager: quarterly_report',
      'reminders.digest>provider: overdue (new)',
    ]);
    expect(await day('2026-05-28T05:00:00Z')).toEqual(['reminders.digest>provider: overdue']);
    expect(await day('2026-05-29T05:00:00Z')).toEqual([
      'escalations.digest>contract_manager: evaluation',
      'reminders.digest>provider: overdue',
    ]);
    const [escalation] = (await h.db.raw.col.outbox.find({ event: 'escalations.digest' }).toArray()).filter(
      (m) => m.payload.date === '2026-05-29',
    );
    expect(escalation!.payload.items).toEqual([
      {
        kind: 'evaluation',
        contractNumber: 'C-WH',
        dueDate: '2026-04-30',
        overdueAfter: '2026-05-14',
        providerAgbCode: '33333333',
      },
    ]);
    await h.services.delivery.deliverDue(new Date('2026-05-29T05:01:00Z'));
    const mail = smtp.mails.find((m) => m.to.includes('cm@region.example') && m.raw.includes('Escalatie'));
    expect(mail?.raw).toContain('33333333');
    expect(mail?.raw).not.toContain(n); // contract managers get aggregates: no case numbers
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
      const [message] = (await strict.db.raw.col.outbox.find({}).toArray()).filter((m) =>
        JSON.stringify(m.payload).includes(internal.allocationNumber),
      );
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
      }),
    );
    await h.services.reminders.run(new Date('2026-07-17T05:00:00Z'));
    const before = smtp.mails.length;
    await h.services.delivery.deliverDue(new Date('2026-07-17T05:01:00Z'));
    const sent = smtp.mails.slice(before).filter((m) => m.raw.includes(a.allocationNumber));
    expect(sent.map((m) => m.to[0]).sort()).toEqual(['a@a.example', 'team-a@gemeente.example']); // the reminder, and the safety flag
    expect((await messagesOf(a.allocationNumber)).every((m) => m.status === 'delivered')).toBe(true);
    expect(smtp.mails.every((m) => !m.raw.includes(a.client.bsn))).toBe(true);
  });

  test('a shielded allocation (OP003): no message names it; only its team and provider see it', async () => {
    await h.db.raw.col.teams.updateOne({ _id: REGION.teamA }, { $set: { email: 'team-a@gemeente.example' } });
    const consultant = await h.bearer('consultant', { teamCode: REGION.teamA });
    const admin = await h.bearer('admin');
    const providerToken = await h.bearer('provider', { providerAgbCode: REGION.providerA });
    const a = allocationInput('A', { startDate: '2026-02-01', endDate: '2026-12-31', careStartDate: '2026-02-02' });
    h.clock.set('2026-02-03T09:00:00Z');
    await h.http
      .post('/v1/allocations')
      .set('Authorization', consultant)
      .send({ ...a, shielded: true })
      .expect(201);
    const n = a.allocationNumber;
    expect((await h.http.get(`/v1/allocations/${n}`).set('Authorization', consultant)).body.shielded).toBe(true);
    expect((await h.http.get(`/v1/allocations/${n}`).set('Authorization', providerToken)).status).toBe(200);
    expect((await h.http.get(`/v1/allocations/${n}`).set('Authorization', admin)).status).toBe(404);
    const adminList = await h.http.get('/v1/allocations?limit=500').set('Authorization', admin);
    expect(adminList.body.items.map((i: { allocationNumber: string }) => i.allocationNumber)).not.toContain(n);
    expect(
      (await h.http.patch(`/v1/allocations/${n}`).set('Authorization', admin).send({ careStartDate: '2026-02-03' }))
        .status,
    ).toBe(404);

    h.clock.set('2026-05-10T09:00:00Z');
    const provider = apiActor(
      { tokenId: 'yht_00000000000000ab', role: 'provider', label: 'A', providerAgbCode: REGION.providerA },
      'test',
      '127.0.0.1',
    );
    await h.services.evaluations.submit(
      provider,
      evaluationInput(n, '2026-02-01', '2026-04-30', {
        safety: { concerns: true, veiligThuisReport: true, safetyPlan: true },
      }),
    );
    await h.services.reminders.run(new Date('2026-07-17T05:00:00Z'));
    const before = smtp.mails.length;
    await h.services.delivery.deliverDue(new Date('2026-07-17T05:01:00Z'));
    const sent = smtp.mails.slice(before);
    const team = sent.find((m) => m.to.includes('team-a@gemeente.example'));
    expect(team?.raw).toContain('Safety concern: afgeschermde');
    const reminder = sent.find((m) => m.to.includes('a@a.example'));
    expect(reminder?.raw).toContain('afgeschermde');
    for (const m of sent) expect(m.raw).not.toContain(n);
    const outbox = JSON.stringify(await h.db.raw.col.outbox.find({}).toArray());
    expect(outbox).not.toContain(n);
    const digest = await h.db.raw.col.outbox.findOne({ event: 'reminders.digest', 'recipient.id': REGION.providerA });
    expect(digest!.payload.shielded).toEqual({ upcoming: 1, due: 0, overdue: 0 });
    // the team and the provider read the flag with their tokens (audited)
    const flags = await h.http.get('/v1/flags?type=safety_concern').set('Authorization', consultant);
    expect(flags.body.items.map((f: { subject: { id: string } }) => f.subject.id)).toContain(n);

    // lifting the shield is a change in the history
    await h.http.patch(`/v1/allocations/${n}`).set('Authorization', consultant).send({ shielded: false }).expect(200);
    const doc = await h.db.raw.col.allocations.findOne({ _id: n });
    expect(doc!.history.at(-1)!.changes).toEqual({ shielded: { from: true, to: false } });
    expect((await h.http.get(`/v1/allocations/${n}`).set('Authorization', admin)).status).toBe(200);
  });
});
