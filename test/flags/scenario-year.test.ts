/**
 * A year in the hub with an injected clock: three providers, one reporting on time,
 * one late and one never; one report with safety concerns; an extension request that
 * waits past its deadline. Every day the jobs run (sweep, deadlines, reminders,
 * outbox); the test asserts the exact open flags at checkpoints and the exact list
 * of reminders, escalations and flag messages over the year, each delivered once.
 */
import { extensionDeadlines } from '../../jobs/extension-deadlines';
import { obligationsSweep } from '../../jobs/obligations-sweep';
import { outbox } from '../../jobs/outbox';
import { reminders } from '../../jobs/reminders';
import { addDays } from '../../src/domain/dates';
import { apiActor, systemActor } from '../../src/services/actor';
import { createHarness, type Harness } from '../support/harness';
import { evaluationInput } from '../support/factories';
import { startSmtpServer, startWebhookReceiver } from '../support/peers';

const TEAM = 'TEAM-ZHZ';
const P = { onTime: '11111111', late: '22222222', never: '33333333' } as const;
const A = { onTime: 'A1', late: 'A2', never: 'A3' } as const;
const C = { onTime: 'C1', late: 'C2', never: 'C3' } as const;

describe('a year of reporting, chasing and escalating', () => {
  let h: Harness;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let hook: Awaited<ReturnType<typeof startWebhookReceiver>>;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    hook = await startWebhookReceiver();
    h = await createHarness({
      SMTP_URL: smtp.url,
      CONTRACT_MANAGER_EMAILS: 'cm@region.example',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    const r = h.services.registry;
    await r.createTeam({
      teamCode: TEAM,
      name: 'Jeugdteam',
      municipalityCodes: ['0505'],
      email: 'team@gemeente.example',
    });
    for (const key of ['onTime', 'late', 'never'] as const) {
      await r.createProvider({
        agbCode: P[key],
        name: `Aanbieder ${key}`,
        email: `${key}@aanbieder.example`,
        webhookUrl: `${hook.url}?p=${key}`,
      });
      await r.createContract({
        contractNumber: C[key],
        providerAgbCode: P[key],
        startDate: '2026-01-01',
        endDate: '2027-12-31',
        productCodes: ['45A48'],
      });
      h.clock.set('2026-01-01T09:00:00Z');
      await h.services.allocations.create(systemActor('cli', 'scenario'), {
        allocationNumber: A[key],
        client: { bsn: '999900122', birthDate: '2012-03-14' },
        municipalityCode: '0505',
        teamCode: TEAM,
        providerAgbCode: P[key],
        contractNumber: C[key],
        product: { category: '45', code: '45A48' },
        startDate: '2026-01-01',
        endDate: '2026-12-31',
        volume: { amount: 60, unit: '04', frequency: '6' },
        referrerType: '01',
        ...(key === 'never' ? {} : { careStartDate: '2026-01-10' }),
      });
    }
  });
  afterAll(async () => {
    h.services.mailer.close();
    await Promise.all([smtp.close(), hook.close()]);
    await h.close();
  });

  const provider = (agb: string) =>
    apiActor(
      { tokenId: `yht_${agb}00000000`, role: 'provider', label: agb, providerAgbCode: agb },
      'scenario',
      '127.0.0.1',
    );
  const consultant = apiActor(
    { tokenId: 'yht_00000000000000cc', role: 'consultant', label: 'consulent', teamCode: TEAM },
    'scenario',
    '127.0.0.1',
  );
  const evaluate = (
    agb: string,
    allocation: string,
    start: string,
    end: string,
    meeting: string,
    extra: Record<string, unknown> = {},
  ) =>
    h.services.evaluations.submit(
      provider(agb),
      evaluationInput(allocation, start, end, { meetingDate: meeting, ...extra }),
    );
  const report = (agb: string, contract: string, quarter: string) =>
    h.services.quarterlyReports.submit(provider(agb), {
      contractNumber: contract,
      quarter,
      waitingList: [],
      capacity: { clientsInCare: 10 },
      staff: { fte: 5, registeredShare: 0.9 },
      complaints: { received: 0 },
      incidents: { count: 0, reportedToInspectorate: 0 },
    });
  let requestId = '';

  /** What happens during the day (after the morning jobs). */
  const EVENTS: Record<string, () => Promise<unknown>> = {
    '2026-04-10': () => evaluate(P.onTime, A.onTime, '2026-01-01', '2026-03-31', '2026-04-08'),
    '2026-04-20': () => report(P.onTime, C.onTime, '2026-Q1'),
    '2026-05-10': () => report(P.late, C.late, '2026-Q1'),
    '2026-05-20': () => evaluate(P.late, A.late, '2026-01-01', '2026-03-31', '2026-05-18'),
    '2026-07-01': () => evaluate(P.late, A.late, '2026-04-01', '2026-06-30', '2026-06-29'),
    '2026-07-08': () =>
      evaluate(P.onTime, A.onTime, '2026-04-01', '2026-06-30', '2026-07-06', {
        safety: { concerns: true, veiligThuisReport: true, safetyPlan: false },
      }),
    '2026-07-15': () => report(P.onTime, C.onTime, '2026-Q2'),
    '2026-07-20': () => report(P.late, C.late, '2026-Q2'),
    '2026-10-07': () => evaluate(P.onTime, A.onTime, '2026-07-01', '2026-09-30', '2026-10-06'),
    '2026-10-12': () => evaluate(P.late, A.late, '2026-07-01', '2026-09-30', '2026-10-12'),
    '2026-10-20': () => report(P.onTime, C.onTime, '2026-Q3'),
    '2026-10-25': () => report(P.late, C.late, '2026-Q3'),
    '2026-11-02': async () => {
      requestId = (
        await h.services.extensionRequests.submit(provider(P.late), {
          allocationNumber: A.late,
          requestedEndDate: '2027-03-31',
          reasoning: 'Schoolgang nog niet stabiel.',
          evaluationId: `ev_${A.late}_2026-07-01_2026-09-30_r0`,
        })
      )._id;
    },
    '2026-11-20': () =>
      h.services.extensionRequests.decide(consultant, requestId, { decision: 'approved', note: 'Akkoord, laat.' }),
    '2026-12-20': () =>
      evaluate(P.onTime, A.onTime, '2026-10-01', '2026-12-31', '2026-12-18', {
        isClosing: true,
        advice: { recommendation: 'close', reasoning: 'Afgerond.' },
      }),
  };

  /** The flags open at the end of a day, as type:subject. */
  const CHECKPOINTS: Record<string, string[]> = {
    '2026-04-01': [],
    '2026-04-02': ['care_not_started:A3'],
    '2026-04-15': ['care_not_started:A3', 'evaluation_overdue:A2', 'evaluation_overdue:A3'],
    '2026-05-01': [
      'care_not_started:A3',
      'evaluation_overdue:A2',
      'evaluation_overdue:A3',
      'quarterly_report_missing:C2',
      'quarterly_report_missing:C3',
    ],
    '2026-05-10': [
      'care_not_started:A3',
      'evaluation_overdue:A2',
      'evaluation_overdue:A3',
      'quarterly_report_missing:C3',
    ],
    '2026-05-20': ['care_not_started:A3', 'evaluation_overdue:A3', 'quarterly_report_missing:C3'],
    '2026-07-08': ['care_not_started:A3', 'evaluation_overdue:A3', 'quarterly_report_missing:C3', 'safety_concern:A1'],
    '2026-10-07': ['care_not_started:A3', 'evaluation_overdue:A3', 'quarterly_report_missing:C3'],
    '2026-11-17': [
      'care_not_started:A3',
      'evaluation_overdue:A3',
      'extension_decision_overdue:xr_A2_1',
      'quarterly_report_missing:C3',
    ],
    '2026-11-19': [
      'care_not_started:A3',
      'evaluation_overdue:A3',
      'expiring_unreviewed:A1',
      'expiring_unreviewed:A3',
      'extension_decision_overdue:xr_A2_1',
      'quarterly_report_missing:C3',
    ],
    '2026-11-20': [
      'care_not_started:A3',
      'evaluation_overdue:A3',
      'expiring_unreviewed:A1',
      'expiring_unreviewed:A3',
      'quarterly_report_missing:C3',
    ],
    '2026-12-20': [
      'care_not_started:A3',
      'evaluation_overdue:A3',
      'expiring_unreviewed:A3',
      'quarterly_report_missing:C3',
    ],
    '2026-12-31': [
      'care_not_started:A3',
      'evaluation_overdue:A3',
      'expiring_unreviewed:A3',
      'quarterly_report_missing:C3',
    ],
  };

  test('flags open and resolve, reminders and escalations go out, exactly as the rules say', async () => {
    const deps = { config: h.config, database: h.db.database, services: h.services, logger: h.log.logger };
    const seen: Record<string, string[]> = {};
    for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1)) {
      const morning = new Date(`${day}T05:00:00Z`);
      h.clock.set(morning);
      for (const job of [obligationsSweep, extensionDeadlines, reminders, outbox]) await job.run(deps, morning);
      h.clock.set(`${day}T09:00:00Z`);
      await EVENTS[day]?.();
      if (CHECKPOINTS[day]) {
        const open = await h.db.raw.col.flags.find({ status: { $ne: 'resolved' } }).toArray();
        seen[day] = open.map((f) => `${f.type}:${f.subject.id}`).sort();
      }
    }
    expect(seen).toEqual(CHECKPOINTS);

    // every message of the year: when, what, to whom, about what
    await outbox.run(deps, new Date('2027-01-01T05:00:00Z'));
    const messages = await h.db.raw.col.outbox.find({}).toArray();
    // digests: each item that reached its stage that day (`new`); flags: the flag
    type Item = {
      stage?: string;
      new?: boolean;
      allocationNumber?: string;
      contractNumber: string;
      quarter?: string;
      kind: string;
    };
    const lines = messages
      .flatMap((m) => {
        const date = m.createdAt.toISOString().slice(0, 10);
        const items = (m.payload.items ?? []) as Item[];
        if (m.event === 'reminders.digest')
          return items
            .filter((i) => i.new)
            .map(
              (i) =>
                `${date} reminder.${i.stage} > ${m.recipient.kind}: ${i.allocationNumber ?? `${i.contractNumber} ${i.quarter}`}`,
            );
        if (m.event === 'escalations.digest')
          return items.map(
            (i) =>
              `${date} escalation.overdue > ${m.recipient.kind}: ${i.kind} ${i.contractNumber}${i.quarter ? ` ${i.quarter}` : ''}`,
          );
        if (m.event === 'flags.raised')
          return (m.payload.counts as { type: string; providerAgbCode: string }[]).map(
            (c) => `${date} flags.raised > ${m.recipient.kind}: ${c.type} ${c.providerAgbCode}`,
          );
        const f = m.payload.flag as { type: string; subject: { id: string } };
        return [`${date} ${m.event} > ${m.recipient.kind}: ${f.type} ${f.subject.id}`];
      })
      .sort();
    expect(lines).toEqual([
      '2026-03-17 reminder.upcoming > provider: A1',
      '2026-03-17 reminder.upcoming > provider: A2',
      '2026-03-17 reminder.upcoming > provider: A3',
      '2026-03-31 reminder.due > provider: A1',
      '2026-03-31 reminder.due > provider: A2',
      '2026-03-31 reminder.due > provider: A3',
      '2026-04-15 reminder.overdue > provider: A2',
      '2026-04-15 reminder.overdue > provider: A3',
      '2026-04-16 reminder.upcoming > provider: C1 2026-Q1',
      '2026-04-16 reminder.upcoming > provider: C2 2026-Q1',
      '2026-04-16 reminder.upcoming > provider: C3 2026-Q1',
      '2026-04-29 escalation.overdue > contract_manager: evaluation C2', // A2: contract managers get no case numbers
      '2026-04-29 escalation.overdue > contract_manager: evaluation C3', // A3
      '2026-04-30 reminder.due > provider: C2 2026-Q1',
      '2026-04-30 reminder.due > provider: C3 2026-Q1',
      '2026-05-01 flag.raised > contract_manager: quarterly_report_missing C2',
      '2026-05-01 flag.raised > contract_manager: quarterly_report_missing C3',
      '2026-05-01 reminder.overdue > provider: C2 2026-Q1',
      '2026-05-01 reminder.overdue > provider: C3 2026-Q1',
      '2026-05-15 escalation.overdue > contract_manager: quarterly_report C3 2026-Q1',
      '2026-06-16 reminder.upcoming > provider: A1',
      '2026-06-16 reminder.upcoming > provider: A2',
      '2026-06-30 reminder.due > provider: A1',
      '2026-06-30 reminder.due > provider: A2',
      '2026-07-08 flag.raised > team: safety_concern A1',
      '2026-07-16 reminder.upcoming > provider: C2 2026-Q2',
      '2026-07-16 reminder.upcoming > provider: C3 2026-Q2',
      '2026-07-30 reminder.due > provider: C3 2026-Q2',
      '2026-07-31 reminder.overdue > provider: C3 2026-Q2',
      '2026-08-14 escalation.overdue > contract_manager: quarterly_report C3 2026-Q2',
      '2026-09-16 reminder.upcoming > provider: A1',
      '2026-09-16 reminder.upcoming > provider: A2',
      '2026-09-30 reminder.due > provider: A1',
      '2026-09-30 reminder.due > provider: A2',
      '2026-10-16 reminder.upcoming > provider: C1 2026-Q3',
      '2026-10-16 reminder.upcoming > provider: C2 2026-Q3',
      '2026-10-16 reminder.upcoming > provider: C3 2026-Q3',
      '2026-10-30 reminder.due > provider: C3 2026-Q3',
      '2026-10-31 reminder.overdue > provider: C3 2026-Q3',
      '2026-11-10 flag.raised > team: extension_decision_overdue xr_A2_1', // asked on Monday 2 November: 5 working days
      '2026-11-14 escalation.overdue > contract_manager: quarterly_report C3 2026-Q3',
      '2026-11-19 flag.raised > provider: expiring_unreviewed A1',
      '2026-11-19 flag.raised > provider: expiring_unreviewed A3',
      '2026-12-17 reminder.upcoming > provider: A1',
      '2026-12-17 reminder.upcoming > provider: A2',
      '2026-12-31 reminder.due > provider: A2',
    ]);

    // one digest per recipient per day, sent every day something is due or overdue
    const perDay = new Map<string, number>();
    for (const m of messages.filter((x) => x.event.endsWith('.digest'))) {
      const key = `${m.recipient.kind}:${m.recipient.id}:${String(m.payload.date)}`;
      perDay.set(key, (perDay.get(key) ?? 0) + 1);
    }
    expect([...perDay.values()].every((count) => count === 1)).toBe(true);
    expect(perDay.size).toBeGreaterThan(lines.length / 2);

    // delivered, each once: webhooks to the providers, e-mail to the team and the contract manager
    expect(messages.every((m) => m.status === 'delivered' && m.attemptCount === 1)).toBe(true);
    const webhookIds = hook.received.map((r) => r.headers['webhook-id']);
    expect(new Set(webhookIds).size).toBe(webhookIds.length);
    expect(webhookIds.length).toBe(messages.filter((m) => m.channel === 'webhook').length);
    expect(smtp.mails.length).toBe(messages.filter((m) => m.channel === 'email').length);
    expect(smtp.mails.filter((m) => m.to.includes('team@gemeente.example'))).toHaveLength(2);

    // the resolved flags say why
    const safety = await h.db.raw.col.flags.findOne({ type: 'safety_concern' });
    expect(safety).toMatchObject({
      status: 'resolved',
      resolvedAt: new Date('2026-10-07T09:00:00Z'),
      resolution: { by: 'rule', reason: 'a later evaluation reports no safety concerns' },
    });
    const overdueA2 = await h.db.raw.col.flags.findOne({ type: 'evaluation_overdue', 'subject.id': A.late });
    expect(overdueA2).toMatchObject({
      raisedAt: new Date('2026-04-15T05:00:00Z'),
      resolvedAt: new Date('2026-05-20T09:00:00Z'),
    });
    const missingC3 = await h.db.raw.col.flags.findOne({ type: 'quarterly_report_missing', 'subject.id': C.never });
    expect(missingC3!.evidence).toMatchObject({ quarter: '2026-Q1', missingQuarters: '2026-Q1, 2026-Q2, 2026-Q3' });
  }, 150_000); // 365 simulated days of four jobs: about 30 s alone, more beside the process-level fault tests
});
