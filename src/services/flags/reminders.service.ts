import { addDays, dateInAmsterdam, previousQuarter, quarterOf, quarterRange } from '../../domain/dates';
import { nextEvaluation, quarterlyReportDue } from '../../domain/obligations';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { OutboxRepository } from '../../repositories/outbox.repository';
import type { Notice, Notifier } from './notifier';
import type { QuarterlyReportsService } from '../intake/quarterly-reports.service';
import { DEFAULT_REPORTING, type RegistryService } from '../registry/registry.service';

type Stage = 'lead' | 'due' | 'overdue';
const STAGE_EVENT: Record<Stage, string> = {
  lead: 'reminder.upcoming',
  due: 'reminder.due',
  overdue: 'reminder.overdue',
};

/** The reminder stage an obligation is in on `today` (null before the lead time). */
function stageOf(dueDate: string, today: string, leadDays: number, graceDays: number): Stage | null {
  if (today > addDays(dueDate, graceDays)) return 'overdue';
  if (today >= dueDate) return 'due';
  if (today >= addDays(dueDate, -leadDays)) return 'lead';
  return null;
}

/**
 * Reminds providers of what they owe: `reminderLeadDays` before the due date, on the
 * due date, and once overdue past the grace days; `escalationDays` later the contract
 * managers are told. Each stage of each obligation is one message (deterministic id),
 * so running daily, twice, or on two instances sends it once. Stages the hub missed
 * while it was down are not sent late; an overdue reminder always goes before its
 * escalation.
 */
export class RemindersService {
  constructor(
    private readonly allocations: AllocationsRepository,
    private readonly registry: RegistryService,
    private readonly reports: QuarterlyReportsService,
    private readonly notifier: Notifier,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Writes today's reminders and escalations to the outbox. */
  async run(now: Date): Promise<Record<string, number>> {
    const today = dateInAmsterdam(now);
    const counts = { reminders: 0, escalations: 0, written: 0 };
    const rulesOf = new Map<string, typeof DEFAULT_REPORTING>();
    const contracts = [];
    for await (const c of this.registry.dangerousStreamAllContracts('every contract (quarterly report reminders)')) {
      rulesOf.set(c._id, { ...DEFAULT_REPORTING, ...c.reporting });
      contracts.push(c);
    }
    const notices: Notice[] = [];
    const remind = (ref: string, stage: Stage, escalate: boolean, base: Omit<Notice, 'ref' | 'event' | 'to'>) => {
      notices.push({ ...base, ref: `${ref}:${stage}`, event: STAGE_EVENT[stage], to: ['provider'] });
      counts.reminders += 1;
      if (escalate) {
        notices.push({
          ...base,
          ref: `${ref}:escalation`,
          event: 'escalation.overdue',
          subject: `Escalatie: ${base.subject}`,
          to: ['contract_manager'],
        });
        counts.escalations += 1;
      }
    };

    for await (const a of this.allocations.dangerousStreamAll('every active allocation (reminders)', {
      status: 'active',
    })) {
      const rules = rulesOf.get(a.contractNumber) ?? DEFAULT_REPORTING;
      const next = nextEvaluation(a, rules);
      if (!next) continue;
      const stage = stageOf(next.dueDate, today, rules.reminderLeadDays, rules.graceDays);
      if (!stage) continue;
      const overdueAfter = addDays(next.dueDate, rules.graceDays);
      const obligation = {
        kind: next.kind,
        allocationNumber: a._id,
        contractNumber: a.contractNumber,
        periodStart: next.periodStart,
        dueDate: next.dueDate,
        overdueAfter,
      };
      remind(
        `reminder:${a._id}:${next.dueDate}`,
        stage,
        stage === 'overdue' && today > addDays(overdueAfter, rules.escalationDays),
        {
          subject: `${next.kind === 'closing_evaluation' ? 'Eindevaluatie' : 'Evaluatie'} ${a._id}, uiterlijk ${next.dueDate}`,
          payload: { type: STAGE_EVENT[stage], obligation },
          providerAgbCode: a.providerAgbCode,
          teamCode: a.teamCode,
        },
      );
    }

    for (const c of contracts) {
      const rules = rulesOf.get(c._id)!;
      for (const quarter of [previousQuarter(quarterOf(today)), quarterOf(today)]) {
        const { start, end } = quarterRange(quarter);
        if (end < c.startDate || start > (c.extensionOptionEndDate ?? c.endDate)) continue; // not a quarter of this contract
        const due = quarterlyReportDue(quarter, rules);
        const stage = stageOf(due, today, rules.reminderLeadDays, 0);
        if (!stage || (await this.reports.exists(c._id, quarter))) continue;
        remind(
          `reminder:${c._id}:${quarter}`,
          stage,
          stage === 'overdue' && today > addDays(due, rules.escalationDays),
          {
            subject: `Kwartaalrapportage ${c._id} ${quarter}, uiterlijk ${due}`,
            payload: {
              type: STAGE_EVENT[stage],
              obligation: { kind: 'quarterly_report', contractNumber: c._id, quarter, dueDate: due },
            },
            providerAgbCode: c.providerAgbCode,
          },
        );
      }
    }

    for (const notice of notices)
      counts.written += await this.outbox.enqueue(await this.notifier.messagesFor(notice, now));
    return counts;
  }
}
