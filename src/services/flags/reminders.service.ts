import { addDays, dateInAmsterdam, previousQuarter, quarterOf, quarterRange } from '../../domain/dates';
import { nextEvaluation, quarterlyReportDue } from '../../domain/obligations';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { OutboxRepository } from '../../repositories/outbox.repository';
import type { Notice, Notifier } from './notifier';
import type { QuarterlyReportsService } from '../quarterly-reports/quarterly-reports.service';
import { DEFAULT_REPORTING, type RegistryService } from '../registry/registry.service';

type Stage = 'upcoming' | 'due' | 'overdue';

/** The stage an obligation is in on `today` (null before the lead time), and the day that stage began. */
function stageOf(dueDate: string, today: string, leadDays: number, graceDays: number) {
  const overdueFrom = addDays(dueDate, graceDays + 1);
  if (today >= overdueFrom) return { stage: 'overdue' as Stage, since: overdueFrom };
  if (today >= dueDate) return { stage: 'due' as Stage, since: dueDate };
  const upcomingFrom = addDays(dueDate, -leadDays);
  if (today >= upcomingFrom) return { stage: 'upcoming' as Stage, since: upcomingFrom };
  return null;
}

/** One line of a digest: identifiers, dates and a link, never client data. */
export interface DigestItem {
  stage: Stage;
  /** The item reached its stage today (what the digest is sent for). */
  new: boolean;
  kind: 'evaluation' | 'closing_evaluation' | 'quarterly_report';
  allocationNumber?: string;
  contractNumber: string;
  quarter?: string;
  dueDate: string;
  overdueAfter: string;
  link: string;
}

interface Digest {
  items: DigestItem[];
  /** Items of shielded allocations: counted, never named (iJw OP003). */
  shielded: Record<Stage, number>;
  news: number;
}

const emptyDigest = (): Digest => ({ items: [], shielded: { upcoming: 0, due: 0, overdue: 0 }, news: 0 });
/** The stages in the words of the messages (e-mail text reads them too). */
export const STAGE_NL: Record<Stage, string> = { upcoming: 'binnenkort', due: 'nu', overdue: 'te laat' };

/**
 * Reminds providers of what they owe, as one digest per provider per day: sent on
 * every day something is due or overdue, and on a day something comes within
 * `reminderLeadDays` of its due date; it lists everything upcoming, due or overdue,
 * marking what reached its stage that day (`new`). A day the hub was down loses no
 * reminder: the next digest lists it. `escalationDays` after an overdue date the contract managers get
 * the day's escalations in one digest. Message ids follow from recipient and day, so
 * running twice, or on two instances, sends each digest once. Payloads carry
 * identifiers and links only; a shielded allocation is counted, not named.
 */
export class RemindersService {
  constructor(
    private readonly allocations: AllocationsRepository,
    private readonly registry: RegistryService,
    private readonly reports: QuarterlyReportsService,
    private readonly notifier: Notifier,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Writes today's digests to the outbox. */
  async run(now: Date): Promise<Record<string, number>> {
    const today = dateInAmsterdam(now);
    const counts = { reminders: 0, escalations: 0, written: 0 };
    const rulesOf = new Map<string, typeof DEFAULT_REPORTING>();
    const contracts = [];
    for await (const c of this.registry.dangerousStreamAllContracts('every contract (quarterly report reminders)')) {
      rulesOf.set(c._id, { ...DEFAULT_REPORTING, ...c.reporting });
      contracts.push(c);
    }
    const digests = new Map<string, Digest>(); // per provider
    const escalations: (DigestItem & { providerAgbCode: string })[] = [];
    let shieldedEscalations = 0;
    const note = (
      agb: string,
      item: Omit<DigestItem, 'stage' | 'new'>,
      dates: { dueDate: string; graceDays: number; leadDays: number; escalationDays: number },
      shielded: boolean,
    ) => {
      const at = stageOf(dates.dueDate, today, dates.leadDays, dates.graceDays);
      if (!at) return;
      const digest = digests.get(agb) ?? emptyDigest();
      digests.set(agb, digest);
      const fresh = at.since === today;
      if (fresh) {
        digest.news += 1;
        counts.reminders += 1;
      }
      if (shielded) digest.shielded[at.stage] += 1;
      else digest.items.push({ stage: at.stage, new: fresh, ...item });
      if (at.stage === 'overdue' && addDays(item.overdueAfter, dates.escalationDays + 1) === today) {
        counts.escalations += 1;
        if (shielded) shieldedEscalations += 1;
        else escalations.push({ stage: 'overdue', new: true, ...item, providerAgbCode: agb });
      }
    };

    for await (const a of this.allocations.dangerousStreamAll('every active allocation (reminders)', {
      status: 'active',
    })) {
      const rules = rulesOf.get(a.contractNumber) ?? DEFAULT_REPORTING;
      const next = nextEvaluation(a, rules);
      if (!next) continue;
      const item = {
        kind: next.kind,
        allocationNumber: a._id,
        contractNumber: a.contractNumber,
        dueDate: next.dueDate,
        overdueAfter: addDays(next.dueDate, rules.graceDays),
        link: `/v1/obligations?allocationNumber=${encodeURIComponent(a._id)}`,
      };
      const dates = {
        dueDate: next.dueDate,
        graceDays: rules.graceDays,
        leadDays: rules.reminderLeadDays,
        escalationDays: rules.escalationDays,
      };
      note(a.providerAgbCode, item, dates, Boolean(a.shielded));
    }

    for (const c of contracts) {
      const rules = rulesOf.get(c._id)!;
      for (const quarter of [previousQuarter(quarterOf(today)), quarterOf(today)]) {
        const { start, end } = quarterRange(quarter);
        if (end < c.startDate || start > (c.extensionOptionEndDate ?? c.endDate)) continue; // not a quarter of this contract
        const due = quarterlyReportDue(quarter, rules);
        if (!stageOf(due, today, rules.reminderLeadDays, 0) || (await this.reports.exists(c._id, quarter))) continue;
        const item = {
          kind: 'quarterly_report' as const,
          contractNumber: c._id,
          quarter,
          dueDate: due,
          overdueAfter: due,
          link: `/v1/obligations?kind=quarterly_report`,
        };
        const dates = {
          dueDate: due,
          graceDays: 0,
          leadDays: rules.reminderLeadDays,
          escalationDays: rules.escalationDays,
        };
        note(c.providerAgbCode, item, dates, false);
      }
    }

    const notices: Notice[] = [];
    for (const [agb, digest] of digests) {
      const n = (stage: Stage) => digest.items.filter((i) => i.stage === stage).length + digest.shielded[stage];
      if (digest.news === 0 && n('due') + n('overdue') === 0) continue; // only upcoming, none new today: no message
      notices.push({
        ref: `reminders:${agb}:${today}`,
        event: 'reminders.digest',
        subject: `Te doen: ${n('overdue')} ${STAGE_NL.overdue}, ${n('due')} ${STAGE_NL.due}, ${n('upcoming')} ${STAGE_NL.upcoming}`,
        to: ['provider'],
        providerAgbCode: agb,
        payload: {
          type: 'reminders.digest',
          date: today,
          counts: { upcoming: n('upcoming'), due: n('due'), overdue: n('overdue') },
          items: digest.items.sort((x, y) => x.dueDate.localeCompare(y.dueDate)),
          shielded: digest.shielded,
          links: { obligations: '/v1/obligations' },
        },
      });
    }
    if (escalations.length + shieldedEscalations > 0)
      notices.push({
        ref: `escalations:${today}`,
        event: 'escalations.digest',
        subject: `Escalatie: ${escalations.length + shieldedEscalations} verplichting(en) ${STAGE_NL.overdue}`,
        to: ['contract_manager'],
        providerAgbCode: '',
        payload: {
          type: 'escalations.digest',
          date: today,
          // contract managers work on aggregates: provider, kind and dates, no case numbers
          items: escalations.map(({ link: _link, allocationNumber: _n, new: _new, stage: _stage, ...rest }) => rest),
          shielded: shieldedEscalations,
          links: { obligations: '/v1/obligations?status=overdue' },
        },
      });

    for (const notice of notices)
      counts.written += await this.outbox.enqueue(await this.notifier.messagesFor(notice, now));
    return counts;
  }
}
