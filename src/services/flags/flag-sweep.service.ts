import type { ExtensionRequestDoc, QuarterlyReportDoc, ReviewDoc } from '../../records';
import { addDays, dateInAmsterdam } from '../../domain/dates';
import {
  ALLOCATION_TYPES,
  WAITING_TYPES,
  CONTRACT_TYPES,
  KPI_TYPES,
  REQUEST_TYPES,
  REVIEW_TYPES,
  allocationFlags,
  contractFlags,
  kpiFlags,
  requestFlags,
  reviewActionFlags,
} from '../../flags/engine';
import { flagId, type DesiredFlag, type KpiFacts } from '../../flags/types';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { FlagsRepository } from '../../repositories/flags.repository';
import type { KeyedRepository } from '../../repositories/keyed.repository';
import type { FlagsService } from './flags.service';
import { DEFAULT_REPORTING, type RegistryService } from '../registry/registry.service';
import { latestPerAllocation } from '../../domain/extension-requests';

/** What a sweep did. */
export interface SweepCounts {
  [key: string]: number;
  checked: number;
  raised: number;
  resolved: number;
  /** Open flags whose evidence changed (for example, another quarter missing). */
  updated: number;
  open: number;
}

/** What a reconcile did for one flag type. */
interface TypeCounts {
  raised: number;
  resolved: number;
  updated: number;
  open: number;
}

type LatestRequest = Pick<ExtensionRequestDoc, '_id' | 'status' | 'previousEndDate'>;

/** Allocations that ended longer ago than this are past every rule (their closing evaluation included). */
const ENDED_HORIZON_DAYS = 400;

/**
 * The sweeps behind the scheduled jobs. Each works in one pass per collection (on
 * FerretDB v1 every query scans, so the number of queries, not their filters, sets
 * the cost): compute every flag that should be open, read every existing flag of
 * those types, raise the missing ones (a flag a person resolved stays resolved for
 * that occurrence) and resolve the open ones whose condition cleared.
 */
export class FlagSweepService {
  constructor(
    private readonly allocations: AllocationsRepository,
    private readonly requests: KeyedRepository<ExtensionRequestDoc>,
    private readonly reports: KeyedRepository<QuarterlyReportDoc>,
    private readonly reviews: KeyedRepository<ReviewDoc>,
    private readonly registry: RegistryService,
    private readonly flagsRepo: FlagsRepository,
    private readonly flags: FlagsService,
  ) {}

  /**
   * Reconciles the flags of some types with what should be open: raises the missing,
   * resolves the cleared, refreshes changed evidence. Counts are kept per type.
   */
  private async reconcile(
    types: string[],
    desired: Iterable<DesiredFlag> | AsyncIterable<DesiredFlag>,
    now: Date,
    raisedFlags?: DesiredFlag[],
  ): Promise<Map<string, TypeCounts>> {
    const counts = new Map(types.map((t) => [t, { raised: 0, resolved: 0, updated: 0, open: 0 }]));
    const typeOf = (id: string) => counts.get(id.slice(0, id.indexOf(':')))!;
    // each existing flag once, marked when still wanted (no second set of a country's flag ids)
    const existing = new Map<string, { status: string; evidence: string; wanted: boolean }>();
    for await (const f of this.flagsRepo.dangerousStatusesOfTypes(types))
      existing.set(f._id, { status: f.status, evidence: JSON.stringify(f.evidence), wanted: false });
    let toRaise: DesiredFlag[] = [];
    const raiseBatch = async () => {
      // raised 1,000 at a time as they are found: a first sweep of a country raises 100,000
      const slice = toRaise;
      toRaise = [];
      const raised = new Set(await this.flags.raise(slice, now));
      for (const id of raised) typeOf(id).raised += 1;
      raisedFlags?.push(...slice.filter((d) => raised.has(flagId(d))));
    };
    for await (const d of desired) {
      // consumed as it is computed: a country's desired flags are never all held at once
      const id = flagId(d);
      const current = existing.get(id);
      if (!current) {
        toRaise.push(d);
        if (toRaise.length >= 1000) await raiseBatch();
      } else current.wanted = true;
      if (current && current.status !== 'resolved' && current.evidence !== JSON.stringify(d.evidence)) {
        await this.flagsRepo.setEvidence(id, d.evidence); // the facts moved on (another quarter missing)
        typeOf(id).updated += 1;
      }
      if (current?.status !== 'resolved') typeOf(id).open += 1;
    }
    if (toRaise.length > 0) await raiseBatch();
    const cleared: string[] = [];
    for (const [id, f] of existing) if (f.status !== 'resolved' && !f.wanted) cleared.push(id);
    await this.flags.resolveByRule(cleared, now);
    for (const id of cleared) typeOf(id).resolved += 1;
    return counts;
  }

  private static sum(counts: Map<string, TypeCounts>, types: string[], checked: number): SweepCounts {
    const total: SweepCounts = { checked, raised: 0, resolved: 0, updated: 0, open: 0 };
    for (const t of types) {
      const c = counts.get(t)!;
      total.raised += c.raised;
      total.resolved += c.resolved;
      total.updated += c.updated;
      total.open += c.open;
    }
    return total;
  }

  /** Reconciles the waiting-list flags with those the waiting monitor's daily computation wants open. */
  async reconcileWaitingLists(desired: DesiredFlag[], now: Date): Promise<SweepCounts> {
    const counts = await this.reconcile(WAITING_TYPES, desired, now);
    return FlagSweepService.sum(counts, WAITING_TYPES, desired.length);
  }

  /** Each allocation's latest extension request, from one pass over the requests. */
  private latestRequests(): Promise<Map<string, LatestRequest & { allocationNumber: string }>> {
    return latestPerAllocation(
      this.requests.dangerousStreamAll<LatestRequest & { allocationNumber: string }>(
        'every extension request (the daily sweep)',
        { _id: 1, allocationNumber: 1, status: 1, previousEndDate: 1 },
      ),
    );
  }

  /** The flags allocations should have today, from one pass over the allocations, yielded as they are found (`tally.checked` counts the allocations). */
  private async *allocationDesired(today: string, tally: { checked: number }): AsyncGenerator<DesiredFlag> {
    const latest = await this.latestRequests();
    const rulesOf = await this.registry.dangerousReportingRulesOfAll('every contract (the daily sweep)');
    const horizon = addDays(today, -ENDED_HORIZON_DAYS);
    for await (const a of this.allocations.dangerousStreamAll('every allocation (the daily sweep)')) {
      if (a.status === 'ended' && a.endDate < horizon) continue;
      tally.checked += 1;
      yield* allocationFlags(a, rulesOf(a.contractNumber), latest.get(a._id) ?? null, today);
    }
  }

  /** The flags contracts should have today (quarterly reports past due). */
  private async contractDesired(today: string): Promise<{ desired: DesiredFlag[]; checked: number }> {
    const reported = new Map<string, Set<string>>();
    for await (const r of this.reports.dangerousStreamAll<{ contractNumber: string; quarter: string }>(
      'every quarterly report (the daily sweep)',
      { contractNumber: 1, quarter: 1 },
    )) {
      reported.set(r.contractNumber, (reported.get(r.contractNumber) ?? new Set()).add(r.quarter));
    }
    const desired: DesiredFlag[] = [];
    let checked = 0;
    for await (const c of this.registry.dangerousStreamAllContracts('every contract (the daily sweep)')) {
      checked += 1;
      desired.push(
        ...contractFlags(
          { ...c, reporting: { ...DEFAULT_REPORTING, ...c.reporting } },
          reported.get(c._id) ?? new Set(),
          today,
        ),
      );
    }
    return { desired, checked };
  }

  /**
   * The daily sweep: allocation flags (overdue evaluations, care not started, expiring,
   * closed placements, the latest evaluation's findings) and contract flags (quarterly
   * reports past due), reconciled against the existing flags read once.
   */
  async sweepDaily(now: Date): Promise<{ allocations: SweepCounts; contracts: SweepCounts; reviews: SweepCounts }> {
    const today = dateInAmsterdam(now);
    const contracts = await this.contractDesired(today);
    const reviews = { desired: [] as DesiredFlag[], checked: 0 };
    for await (const review of this.reviews.dangerousStreamAll<ReviewDoc>('every review (the daily sweep)')) {
      for (const action of review.actions) {
        reviews.checked += 1;
        reviews.desired.push(...reviewActionFlags({ review, action, today }));
      }
    }
    const allocations = { checked: 0 };
    const allocationDesired = this.allocationDesired(today, allocations);
    async function* desired(): AsyncGenerator<DesiredFlag> {
      yield* allocationDesired;
      yield* contracts.desired;
      yield* reviews.desired;
    }
    const counts = await this.reconcile([...ALLOCATION_TYPES, ...CONTRACT_TYPES, ...REVIEW_TYPES], desired(), now);
    return {
      allocations: FlagSweepService.sum(counts, ALLOCATION_TYPES, allocations.checked),
      contracts: FlagSweepService.sum(counts, CONTRACT_TYPES, contracts.checked),
      reviews: FlagSweepService.sum(counts, REVIEW_TYPES, reviews.checked),
    };
  }

  /**
   * KPI flags from each provider's KPI series (after a snapshot). The contract managers
   * are told of the flags raised in one digest, not one message per flag: the first
   * final quarter of a region easily raises hundreds.
   */
  async sweepKpis(series: KpiFacts[], now: Date): Promise<SweepCounts> {
    const raised: DesiredFlag[] = [];
    const counts = FlagSweepService.sum(
      await this.reconcile(KPI_TYPES, series.flatMap(kpiFlags), now, raised),
      KPI_TYPES,
      series.length,
    );
    await this.flags.notifyDigest(raised, now);
    return counts;
  }

  /** Extension-request flags: decisions past their deadline, extensions without a recent evaluation. */
  async sweepRequests(now: Date): Promise<SweepCounts> {
    const today = dateInAmsterdam(now);
    const desired: DesiredFlag[] = [];
    let checked = 0;
    for await (const r of this.requests.dangerousStreamAll<ExtensionRequestDoc>(
      'every extension request (the daily sweep)',
      { events: 0, reasoning: 0 },
    )) {
      checked += 1;
      desired.push(...requestFlags(r, today));
    }
    return FlagSweepService.sum(await this.reconcile(REQUEST_TYPES, desired, now), REQUEST_TYPES, checked);
  }
}
