import type { Scope } from '../../policies/policy';
/**
 * The waiting monitor: who waits, where, and for how long, measured from the
 * allocations and the providers' start messages, not from what providers say of
 * themselves.
 *
 * The figures per provider and product category (`GET /v1/waiting`) are computed by the
 * daily sweep (`obligations-sweep`) and read from its rows: a monitor counted in days
 * may be a day old, and a page is then one indexed read however large the region. The
 * team's call list (`GET /v1/waiting/cases`) is read from the caseload's rows, which every
 * change to an allocation keeps (so it is current).
 */
import type { CaseloadRowDoc, WaitingCase, WaitingCounts, WaitingFigureDoc, WaitingSnapshotDoc } from '../../records';

export type { WaitingCase } from '../../records';
import { addMonths, dateInAmsterdam, daysBetween, previousQuarter, quarterOf } from '../../domain/dates';
import { waitingListFlags } from '../../flags/engine';
import type { DesiredFlag } from '../../flags/types';
import { suppressedRows } from '../../kpis/disclosure';
import { caseloadScope } from '../../policies/caseload.policy';
import { shieldedHidden } from '../../policies/allocations.policy';
import { waitingScope } from '../../policies/waiting.policy';
import type { AllocationsRepository } from '../../repositories/allocations.repository';
import type { FlagsRepository } from '../../repositories/flags.repository';
import type { QuarterlyReportsRepository } from '../../repositories/quarterly-reports.repository';
import type { WaitingRepository } from '../../repositories/waiting.repository';
import type { Actor } from '../actor';
import type { AuditService } from '../audit/audit.service';
import type { KeptFigures } from '../caseload/kept-figures';
import type { FlagSweepService } from '../flags/flag-sweep.service';
import {
  isBridging,
  isWaiting,
  PROTECTION_REFERRERS,
  SIX_WEEKS,
  THREE_MONTHS,
  WaitingAccumulator,
  type WaitingInput,
} from './waiting-figures';

/** Filters of `GET /v1/waiting`. */
export interface WaitingFilters {
  providerAgbCode?: string;
  productCategory?: string;
  /** A municipality's rows instead of the providers' totals. */
  municipalityCode?: string;
}

/** Text order by code unit (the cursor compares the same way). */
const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** What the call list shows of a waiting youth, kept with its place in the order (WaitingService.callOrder). */
interface CallEntry {
  startDate: string;
  allocationNumber: string;
  category: string;
  bridgingSince: string | null;
  providerAgbCode: string;
  product: { category: string; code: string };
  municipalityCode: string;
  referrerType: string;
  clientRef: string;
}

/** Between an entry's key (`startDate|allocationNumber`, the cursor) and the rest: sorts before any character of a key. */
const KEY_END = '\u0001';

/** An entry of the call list as kept: its key, then what the list shows (a page reads no rows). */
function callEntry(e: CallEntry): string {
  const { startDate, allocationNumber, ...rest } = e;
  return `${startDate}|${allocationNumber}${KEY_END}${JSON.stringify(rest)}`;
}

function parseCallEntry(entry: string): CallEntry {
  const cut = entry.indexOf(KEY_END);
  const key = entry.slice(0, cut);
  const bar = key.indexOf('|');
  return {
    startDate: key.slice(0, bar),
    allocationNumber: key.slice(bar + 1),
    ...(JSON.parse(entry.slice(cut + 1)) as Omit<CallEntry, 'startDate' | 'allocationNumber'>),
  };
}

/** The monthly protection-measure figures of the region's report (one CSV row each). */
export type ProtectionRow = NonNullable<WaitingSnapshotDoc['protection']>[number];

export class WaitingService {
  constructor(
    private readonly repo: WaitingRepository,
    private readonly allocations: AllocationsRepository,
    private readonly reports: QuarterlyReportsRepository,
    private readonly flagsRepo: FlagsRepository,
    private readonly flagSweep: FlagSweepService,
    private readonly audit: AuditService,
    private readonly kept: KeptFigures,
    private readonly options: { minCount: number; margin: number },
    private readonly clock: () => Date,
  ) {}

  /**
   * Computes the day's figures in one pass over the allocations, stores them (each row
   * whole by its id: a run cut short is completed by the next), and reconciles the
   * waiting-list flags.
   */
  async compute(now: Date = this.clock()): Promise<{ asOf: string; rows: number; waiting: number; flags: number }> {
    const asOf = dateInAmsterdam(now);
    const current = quarterOf(asOf);
    const compared = [previousQuarter(current, 2), previousQuarter(current, 1)];
    const snapshot: WaitingSnapshotDoc = {
      _id: asOf,
      asOf,
      status: 'computing',
      computedAt: now,
      rows: 0,
    };
    await this.repo.begin(snapshot);
    const acc = new WaitingAccumulator(asOf, compared);
    for await (const a of this.allocations.dangerousStreamAll('every allocation (the waiting monitor)', {})) acc.add(a);
    const reported = await this.reportedWaitingLists(compared);
    const computed = acc.rows(reported.perCategory);
    const suppressed = suppressedRows(
      computed.map((r) => ({
        providerAgbCode: r.providerAgbCode,
        municipalityCode: r.municipalityCode === '*' ? null : r.municipalityCode,
        kpi: r.productCategory,
        denominator: r.waitingNow,
      })),
      this.options.minCount,
    );
    const rows: WaitingFigureDoc[] = computed.map((r, i) => {
      const hidden = suppressed.has(i);
      const id = `${asOf}|${r.municipalityCode}|${r.providerAgbCode}|${r.productCategory}`;
      return hidden ? withheld({ ...r, _id: id, asOf, suppressed: true }) : { ...r, _id: id, asOf, suppressed: false };
    });
    for (let i = 0; i < rows.length; i += 1000) await this.repo.putRows(rows.slice(i, i + 1000));
    const protection = new Map<string, ProtectionRow>();
    let waiting = 0;
    for (const w of acc.waits()) {
      waiting += 1;
      if (!PROTECTION_REFERRERS.includes(w.a.referrerType)) continue;
      const key = `${w.a.referrerType}|${w.a.municipalityCode}`;
      const row = protection.get(key) ?? {
        month: asOf.slice(0, 7),
        asOf,
        referrerType: w.a.referrerType,
        municipalityCode: w.a.municipalityCode,
        waiting: 0,
        over6Weeks: 0,
        over3Months: 0,
        inBridgingCare: 0,
      };
      row.waiting += 1;
      if (w.days > SIX_WEEKS) row.over6Weeks += 1;
      if (w.days > THREE_MONTHS) row.over3Months += 1;
      if (w.bridgingSince) row.inBridgingCare += 1;
      protection.set(key, row);
    }
    await this.repo.complete({
      ...snapshot,
      status: 'complete',
      computedAt: this.clock(),
      rows: rows.length,
      protection: [...protection.values()],
    });
    const measured = acc.measuredPerProvider();
    const desired: DesiredFlag[] = [];
    for (const [provider, perQuarter] of reported.perProvider) {
      const quarters = compared
        .filter((q) => perQuarter.has(q))
        .map((q) => ({ quarter: q, reported: perQuarter.get(q)!, measured: measured.get(provider)?.get(q) ?? 0 }));
      desired.push(
        ...waitingListFlags({
          providerAgbCode: provider,
          quarters,
          margin: { share: this.options.margin, atLeast: 3 },
        }),
      );
    }
    const flags = await this.flagSweep.reconcileWaitingLists(desired, now);
    return { asOf, rows: rows.length, waiting, flags: flags.open };
  }

  /** Each provider's reported waiting list in the compared quarters: per category, and in all. */
  private async reportedWaitingLists(quarters: readonly string[]) {
    const perCategory = new Map<string, number>();
    const perProvider = new Map<string, Map<string, number>>();
    for await (const r of this.reports.dangerousCurrentWaitingLists(quarters)) {
      const per = perProvider.get(r.providerAgbCode) ?? new Map<string, number>();
      for (const w of r.waitingList) {
        const key = `${r.providerAgbCode}|${w.productCode.slice(0, 2)}|${r.quarter}`;
        perCategory.set(key, (perCategory.get(key) ?? 0) + w.count);
        per.set(r.quarter, (per.get(r.quarter) ?? 0) + w.count);
      }
      perProvider.set(r.providerAgbCode, per);
    }
    return { perCategory, perProvider };
  }

  /** A page of the latest figures in the caller's scope: the providers' totals, or one municipality's rows. */
  async list(
    actor: Actor,
    filters: WaitingFilters,
    limit: number,
    after?: string,
  ): Promise<{ asOf: string | null; rows: WaitingFigureDoc[] }> {
    const scope = waitingScope(actor.principal, filters.providerAgbCode);
    const latest = await this.repo.latest();
    if (!latest) return { asOf: null, rows: [] };
    const where = {
      municipalityCode: filters.municipalityCode ?? '*',
      ...scope,
      ...(filters.productCategory ? { productCategory: filters.productCategory } : {}),
    };
    return { asOf: latest.asOf, rows: await this.repo.pageOf(latest.asOf, where, limit, after) };
  }

  /**
   * A team's waiting youths, longest first (then by allocation number): the call list.
   * `after` is the cursor `startDate|allocationNumber` of the last row of the page before.
   * The list is computed from the team's rows, or kept from before while none of them
   * has changed today (KeptFigures); a page reads only its youths' open flags.
   */
  async cases(actor: Actor, teamCode: string | undefined, limit: number, after?: string): Promise<WaitingCase[]> {
    const scope: Scope = {
      ...caseloadScope(actor.principal, teamCode),
      waitListKey: 'true',
      ...(shieldedHidden(actor.principal) ? { shieldKey: 'open' } : {}),
    };
    const today = dateInAmsterdam(this.clock());
    const order = await this.callListOf(scope, today);
    const page = order
      .filter((entry) => !after || entry.slice(0, entry.indexOf(KEY_END)) > after)
      .slice(0, limit + 1)
      .map(parseCallEntry);
    const flags = await this.flagsRepo.openTypesOf(
      { teamCode: scope.teamCode },
      page.map((e) => e.allocationNumber),
    );
    const out = page.map((e): WaitingCase => ({
      allocationNumber: e.allocationNumber,
      providerAgbCode: e.providerAgbCode,
      product: e.product,
      municipalityCode: e.municipalityCode,
      startDate: e.startDate,
      waitingDays: daysBetween(e.startDate, today),
      waitingFor: e.category,
      bridging: e.bridgingSince ? { since: e.bridgingSince, days: daysBetween(e.bridgingSince, today) } : null,
      protectionMeasure: PROTECTION_REFERRERS.includes(e.referrerType),
      openFlags: [...new Set(flags.get(e.allocationNumber) ?? [])].sort(),
    }));
    const read = page.slice(0, limit).map((e) => ({ id: e.allocationNumber, clientRef: e.clientRef }));
    await this.audit.recordReads(actor, 'waiting.read', 'allocation', read);
    return out;
  }

  /** The call list's order of a scope: its parts as kept while unchanged today (KeptFigures), merged. */
  private callListOf(scope: Scope, today: string): Promise<string[]> {
    return this.kept.of(
      'waiting-cases/2', // the kept entries' format: parts kept in another are counted again
      scope,
      today,
      (rows) => this.callOrder(rows, today),
      (parts) => parts.flat().sort(byText),
    );
  }

  /** The call list's order of some rows (a part of a team's): one entry per waiting youth and category (its key `startDate|allocation`, then what the list shows of it), longest first. */
  private async callOrder(
    rows: AsyncIterable<CaseloadRowDoc> | readonly CaseloadRowDoc[],
    today: string,
  ): Promise<string[]> {
    const acc = new WaitingAccumulator(today, []);
    for await (const r of rows) {
      const a: WaitingInput = {
        _id: r._id,
        client: { ref: r.clientRef },
        teamCode: r.teamCode,
        providerAgbCode: r.providerAgbCode,
        municipalityCode: r.municipalityCode,
        product: r.product,
        startDate: r.startDate,
        endDate: r.endDate,
        status: 'active',
        referrerType: r.referrerType,
        ...(r.careStartDate ? { careStartDate: r.careStartDate } : {}),
        ...(r.bridgingFor ? { bridgingFor: r.bridgingFor } : {}),
      };
      if (isWaiting(a, today) || isBridging(a)) acc.add(a);
    }
    return [...acc.waits()]
      .map((w) =>
        callEntry({
          startDate: w.a.startDate,
          allocationNumber: w.a._id,
          category: w.category,
          bridgingSince: w.bridgingSince,
          providerAgbCode: w.a.providerAgbCode,
          product: { category: w.a.product.category, code: w.a.product.code },
          municipalityCode: w.a.municipalityCode,
          referrerType: w.a.referrerType,
          clientRef: w.a.client.ref,
        }),
      )
      .sort(byText);
  }

  /**
   * The region's report on youths under a protection measure: per month (its last
   * computation), referrer (04 certified institution, 08 judge) and municipality, those
   * waiting over 6 weeks and over 3 months, and of them in bridging care. Counts only;
   * a count under the small-number rule is withheld (empty).
   */
  async protectionCsv(from?: string): Promise<string> {
    const since = from ?? addMonths(dateInAmsterdam(this.clock()), -12).slice(0, 7);
    const lines = ['month,asOf,referrerType,municipalityCode,waiting,over6Weeks,over3Months,inBridgingCare'];
    const small = (n: number) => (n > 0 && n < this.options.minCount ? '' : String(n));
    for (const s of await this.repo.lastOfEachMonth()) {
      if (s.asOf.slice(0, 7) < since) continue;
      const rows = [...(s.protection ?? [])].sort(
        (a, b) => a.referrerType.localeCompare(b.referrerType) || a.municipalityCode.localeCompare(b.municipalityCode),
      );
      for (const r of rows)
        lines.push(
          [
            r.month,
            r.asOf,
            r.referrerType,
            r.municipalityCode,
            small(r.waiting),
            small(r.over6Weeks),
            small(r.over3Months),
            small(r.inBridgingCare),
          ].join(','),
        );
    }
    return `${lines.join('\n')}\n`;
  }
}

/** A row under the small-number rule: its figures withheld, its place kept. */
function withheld(row: WaitingFigureDoc): WaitingFigureDoc {
  const none: WaitingCounts = {
    waitingNow: null,
    medianWaitDays: null,
    longestWaitDays: null,
    over6Weeks: null,
    over3Months: null,
    inBridgingCare: null,
  };
  return {
    ...row,
    ...none,
    protectionMeasure: none,
    trend: row.trend.map((t) => ({ ...t, started: null, medianDaysToStart: null })),
    messageTimeliness: [],
    reportedWaitingList: null,
  };
}
