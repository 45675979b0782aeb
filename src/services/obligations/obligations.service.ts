import type { AllocationDoc, ContractDoc } from '../../records';
import { addDays, dateInAmsterdam, previousQuarter, quarterOf, quarterRange } from '../../domain/dates';
import {
  carePlanDue,
  isClosedCare,
  nextEvaluation,
  obligationStatus,
  quarterlyReportDue,
  type ObligationStatus,
} from '../../domain/obligations';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import { obligationAllocationScope, seesContractObligations } from '../../policies/obligations.policy';
import { hidesCase } from '../../policies/allocations.policy';
import type { Actor } from '../actor';
import type { QuarterlyReportsService } from '../quarterly-reports/quarterly-reports.service';
import { DEFAULT_REPORTING, type RegistryService } from '../registry/registry.service';
import type { Scope } from '../../policies/policy';

/** One thing that is due: an allocation's next evaluation, or a contract's quarterly report. */
export interface Obligation {
  id: string;
  kind: 'evaluation' | 'closing_evaluation' | 'quarterly_report';
  providerAgbCode: string;
  contractNumber: string;
  allocationNumber: string | null;
  teamCode: string | null;
  periodStart: string | null;
  quarter: string | null;
  dueDate: string;
  overdueAfter: string;
  status: ObligationStatus;
  /** Evaluations: `closed_care` on the Jeugdwet 6.2.9 cycle, else `contract`; null for quarterly reports. */
  cycle: 'contract' | 'closed_care' | null;
  /** On the closed-care cycle: the day the care plan is due (6 weeks after admission). */
  carePlanDueDate?: string;
}

/** Filters for listing obligations. */
export interface ObligationFilters {
  status?: ObligationStatus;
  kind?: Obligation['kind'];
  providerAgbCode?: string;
  allocationNumber?: string;
}

/**
 * What a contract manager sees of obligations: per provider, contract, kind and status
 * how many there are and the oldest due date, never which case.
 */
export interface ObligationSummary {
  id: string;
  providerAgbCode: string;
  contractNumber: string;
  kind: Obligation['kind'];
  status: ObligationStatus;
  count: number;
  oldestDueDate: string;
}

/** How long a met closing evaluation stays on the list. */
const MET_VISIBLE_DAYS = 90;

/**
 * The to-do list: per allocation its next evaluation (rolling schedule) and per
 * contract its quarterly reports, each upcoming, due, overdue or met. Providers see
 * their own, consultants their team's allocations, contract managers and admins all.
 */
export class ObligationsService {
  constructor(
    private readonly allocations: AllocationsRepository,
    private readonly registry: RegistryService,
    private readonly reports: QuarterlyReportsService,
    private readonly clock: () => Date,
  ) {}

  /** The summaries being counted, by scope and filters: one region pass at a time per summary. */
  private readonly summaries = new Map<string, Promise<ObligationSummary[]>>();

  /** Every obligation in scope matching the filters, soonest due first. */
  async list(actor: Actor, filters: ObligationFilters): Promise<Obligation[]> {
    const items: Obligation[] = [];
    for await (const o of this.inScope(actor, filters)) items.push(o);
    return items.sort((x, y) =>
      x.dueDate === y.dueDate ? x.id.localeCompare(y.id) : x.dueDate.localeCompare(y.dueDate),
    );
  }

  /** The obligations in scope matching the filters, one allocation or contract at a time, in no order. */
  private async *inScope(actor: Actor, filters: ObligationFilters): AsyncGenerator<Obligation> {
    const today = dateInAmsterdam(this.clock());
    const own = obligationAllocationScope(actor.principal);
    if (filters.providerAgbCode && own.providerAgbCode && own.providerAgbCode !== filters.providerAgbCode) return;
    const scope: Scope = filters.providerAgbCode ? { ...own, providerAgbCode: filters.providerAgbCode } : own;
    const contracts = new Map<string, ContractDoc | null>();
    const rulesOf = async (contractNumber: string) => {
      if (!contracts.has(contractNumber))
        contracts.set(contractNumber, await this.registry.findContract(contractNumber));
      return { ...DEFAULT_REPORTING, ...contracts.get(contractNumber)?.reporting };
    };

    const wanted = (o: Obligation) =>
      (!filters.status || o.status === filters.status) && (!filters.kind || o.kind === filters.kind);
    if (filters.kind !== 'quarterly_report') {
      for await (const a of this.allocations.streamScope(
        filters.allocationNumber ? { ...scope, _id: filters.allocationNumber } : scope,
      )) {
        if (hidesCase(actor.principal, a)) continue; // not named; a contract manager's counts keep it
        for (const o of this.allocationObligation(a, await rulesOf(a.contractNumber), today)) if (wanted(o)) yield o;
      }
    }
    if (
      (filters.kind === undefined || filters.kind === 'quarterly_report') &&
      !filters.allocationNumber &&
      seesContractObligations(actor.principal)
    ) {
      const contractScope = scope.providerAgbCode ? { providerAgbCode: scope.providerAgbCode } : {};
      const inScope: ContractDoc[] = [];
      if (contractScope.providerAgbCode)
        inScope.push(...(await this.registry.contractsOf(contractScope.providerAgbCode)));
      else
        for await (const c of this.registry.dangerousStreamAllContracts(
          "every contract (the region's quarterly reports)",
        ))
          inScope.push(c);
      for (const contract of inScope)
        for (const o of await this.contractObligations(contract, today)) if (wanted(o)) yield o;
    }
  }

  /**
   * The obligations in scope, counted per provider, contract, kind and status (the
   * contract manager's view: no allocation, team or date of a single case), ordered by
   * provider, contract, kind and status.
   */
  async summarize(actor: Actor, filters: Omit<ObligationFilters, 'allocationNumber'>): Promise<ObligationSummary[]> {
    // requests for the same summary while a pass runs share that pass (the region is read once, not per request)
    const key = JSON.stringify([obligationAllocationScope(actor.principal), filters]);
    const running = this.summaries.get(key);
    if (running) return running;
    const rows = this.group(actor, filters).finally(() => this.summaries.delete(key));
    this.summaries.set(key, rows);
    return rows;
  }

  private async group(
    actor: Actor,
    filters: Omit<ObligationFilters, 'allocationNumber'>,
  ): Promise<ObligationSummary[]> {
    const groups = new Map<string, ObligationSummary>();
    for await (const o of this.inScope(actor, filters)) {
      const id = [o.providerAgbCode, o.contractNumber, o.kind, o.status].join('|');
      const group = groups.get(id);
      if (group) {
        group.count += 1;
        if (o.dueDate < group.oldestDueDate) group.oldestDueDate = o.dueDate;
      } else
        groups.set(id, {
          id,
          providerAgbCode: o.providerAgbCode,
          contractNumber: o.contractNumber,
          kind: o.kind,
          status: o.status,
          count: 1,
          oldestDueDate: o.dueDate,
        });
    }
    return [...groups.values()].sort((x, y) => x.id.localeCompare(y.id));
  }

  private allocationObligation(
    a: Pick<
      AllocationDoc,
      | '_id'
      | 'startDate'
      | 'endDate'
      | 'status'
      | 'evaluations'
      | 'providerAgbCode'
      | 'contractNumber'
      | 'teamCode'
      | 'product'
      | 'careStartDate'
    >,
    rules: typeof DEFAULT_REPORTING,
    today: string,
  ): Obligation[] {
    const next = nextEvaluation(a, rules);
    const base = {
      providerAgbCode: a.providerAgbCode,
      contractNumber: a.contractNumber,
      allocationNumber: a._id,
      teamCode: a.teamCode,
      quarter: null,
    };
    if (!next) {
      // the closing evaluation is in; show it as met for a while
      if (a.endDate < addDays(today, -MET_VISIBLE_DAYS)) return [];
      return [
        {
          ...base,
          id: `${a._id}:closing_evaluation`,
          kind: 'closing_evaluation',
          periodStart: a.evaluations?.latestPeriodStart ?? null,
          dueDate: a.endDate,
          overdueAfter: addDays(a.endDate, rules.graceDays),
          status: 'met',
          cycle: isClosedCare(a, rules) ? 'closed_care' : 'contract',
        },
      ];
    }
    if (a.status === 'ended' && a.endDate < addDays(today, -365)) return []; // long gone: the sweep flags it, the to-do list does not
    return [
      {
        ...base,
        id: `${a._id}:${next.kind}:${next.dueDate}`,
        kind: next.kind,
        periodStart: next.periodStart,
        dueDate: next.dueDate,
        overdueAfter: addDays(next.dueDate, rules.graceDays),
        status: obligationStatus(next.dueDate, today, rules),
        cycle: next.cycle,
        ...(next.cycle === 'closed_care' ? { carePlanDueDate: carePlanDue(a) } : {}),
      },
    ];
  }

  /** The reports of the last ended quarter and the current one, within the contract. */
  private async contractObligations(contract: ContractDoc, today: string): Promise<Obligation[]> {
    const rules = { ...DEFAULT_REPORTING, ...contract.reporting };
    const current = quarterOf(today);
    const out: Obligation[] = [];
    for (const quarter of [previousQuarter(current), current]) {
      const { start, end } = quarterRange(quarter);
      if (end < contract.startDate || start > (contract.extensionOptionEndDate ?? contract.endDate)) continue;
      const dueDate = quarterlyReportDue(quarter, rules);
      const met = await this.reports.exists(contract._id, quarter);
      out.push({
        id: `${contract._id}:quarterly_report:${quarter}`,
        kind: 'quarterly_report',
        providerAgbCode: contract.providerAgbCode,
        contractNumber: contract._id,
        allocationNumber: null,
        teamCode: null,
        periodStart: start,
        quarter,
        dueDate,
        overdueAfter: dueDate,
        status: met
          ? 'met'
          : obligationStatus(dueDate, today, { graceDays: 0, reminderLeadDays: rules.reminderLeadDays }),
        cycle: null,
      });
    }
    return out;
  }
}
