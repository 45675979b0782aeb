/**
 * The waiting monitor's figures, computed in one pass over the allocations (the daily
 * sweep): who waits now, for how long, per provider and product category (and per
 * municipality); how long it took care to start, month by month; how timely the
 * provider's start and stop messages were; and how many waited on the last day of a
 * quarter, beside what the provider reported itself.
 *
 * A youth waits for care of a category while an active allocation of that category
 * has started and care has not (JW305), or while it is in bridging care: an active
 * allocation of another product marked `bridgingFor` that category (a second-best
 * place). A youth with both counts once, in the waiting allocation's row, as in
 * bridging care; with a bridging allocation only, in the bridging provider's row.
 */
import type {
  AllocationSummary,
  MessageTimeliness,
  WaitingCounts,
  WaitingFigureDoc,
  WaitingTrendPoint,
} from '../../records';
import { addMonths, addWorkingDays, daysBetween, quarterOf, quarterRange } from '../../domain/dates';

/** What the pass reads of an allocation. */
export type WaitingInput = { client: { ref: string } } & Pick<
  AllocationSummary,
  | '_id'
  | 'teamCode'
  | 'providerAgbCode'
  | 'municipalityCode'
  | 'product'
  | 'startDate'
  | 'endDate'
  | 'status'
  | 'referrerType'
  | 'careStartDate'
  | 'careStartReceivedOn'
  | 'careStops'
  | 'bridgingFor'
>;

/** The breakthrough norm: a course agreed within 6 weeks, help started within 3 months. */
export const SIX_WEEKS = 42;
export const THREE_MONTHS = 91;
/** Referrers of youths under a protection measure: a certified institution (04), a judge or prosecutor (08). */
export const PROTECTION_REFERRERS: readonly string[] = ['04', '08'];

/** The median of a sample (the lower middle of an even one), or null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** True when an allocation is one a youth waits in today: active, started, care not (yet) started. */
export function isWaiting(a: Pick<WaitingInput, 'status' | 'startDate' | 'careStartDate'>, today: string): boolean {
  return a.status === 'active' && a.startDate <= today && (!a.careStartDate || a.careStartDate > today);
}

/** True when an allocation is bridging care today (a second-best place while the fitting care is sought). */
export function isBridging(a: Pick<WaitingInput, 'status' | 'bridgingFor'>): boolean {
  return a.status === 'active' && Boolean(a.bridgingFor);
}

interface Wait {
  days: number;
  protection: boolean;
  bridging: boolean;
}

interface Group {
  providerAgbCode: string;
  productCategory: string;
  municipalityCode: string;
  waits: Wait[];
  trend: Map<string, number[]>;
  messages: Map<string, { n: number; onTime: number; delays: number[] }>;
  /** Waiting on the last day of each compared quarter. */
  measured: Map<string, number>;
}

const counts = (waits: readonly Wait[]): WaitingCounts => {
  const days = waits.map((w) => w.days);
  return {
    waitingNow: waits.length,
    medianWaitDays: median(days),
    longestWaitDays: days.length > 0 ? Math.max(...days) : null,
    over6Weeks: days.filter((d) => d > SIX_WEEKS).length,
    over3Months: days.filter((d) => d > THREE_MONTHS).length,
    inBridgingCare: waits.filter((w) => w.bridging).length,
  };
};

/** Accumulates the figures of one day, allocation by allocation. */
export class WaitingAccumulator {
  private readonly groups = new Map<string, Group>();
  /** Waiting allocations, by youth and category, until bridging care is matched at the end. */
  private readonly waiting = new Map<string, { a: WaitingInput; category: string }[]>();
  private readonly bridges = new Map<string, WaitingInput>();
  private readonly months: string[];
  private readonly quarters: string[];

  /** `compared`: the quarters whose last day's waiting count is set beside the providers' reports. */
  constructor(
    private readonly today: string,
    private readonly compared: readonly string[],
  ) {
    this.months = Array.from({ length: 12 }, (_, i) => addMonths(`${today.slice(0, 7)}-01`, i - 11).slice(0, 7));
    const q = quarterOf(today);
    this.quarters = [3, 2, 1, 0].map((back) => quarterOf(addMonths(quarterRange(q).start, -3 * back)));
  }

  private group(provider: string, category: string, municipality: string): Group {
    const key = `${municipality}|${provider}|${category}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        providerAgbCode: provider,
        productCategory: category,
        municipalityCode: municipality,
        waits: [],
        trend: new Map(),
        messages: new Map(),
        measured: new Map(),
      };
      this.groups.set(key, g);
    }
    return g;
  }

  private both(a: WaitingInput, category: string, fn: (g: Group) => void): void {
    fn(this.group(a.providerAgbCode, category, '*'));
    fn(this.group(a.providerAgbCode, category, a.municipalityCode));
  }

  add(a: WaitingInput): void {
    const category = a.product.category;
    if (isWaiting(a, this.today)) {
      const key = `${a.client.ref}|${category}`;
      this.waiting.set(key, [...(this.waiting.get(key) ?? []), { a, category }]);
    }
    if (isBridging(a)) this.bridges.set(`${a.client.ref}|${a.bridgingFor}`, a);
    // the trend is of fitting care: a bridging place's start is not the end of the wait
    if (
      !a.bridgingFor &&
      a.careStartDate &&
      a.careStartDate <= this.today &&
      this.months.includes(a.careStartDate.slice(0, 7))
    ) {
      const days = Math.max(0, daysBetween(a.startDate, a.careStartDate));
      this.both(a, category, (g) =>
        g.trend.set(a.careStartDate!.slice(0, 7), [...(g.trend.get(a.careStartDate!.slice(0, 7)) ?? []), days]),
      );
    }
    const messages: [string, string][] = [];
    if (a.careStartDate && a.careStartReceivedOn) messages.push([a.careStartDate, a.careStartReceivedOn]);
    for (const s of a.careStops ?? []) messages.push([s.date, s.receivedOn]);
    for (const [date, receivedOn] of messages) {
      const quarter = quarterOf(date);
      if (!this.quarters.includes(quarter)) continue;
      const onTime = receivedOn <= addWorkingDays(date, 5);
      const delay = Math.max(0, daysBetween(date, receivedOn));
      this.both(a, category, (g) => {
        const m = g.messages.get(quarter) ?? { n: 0, onTime: 0, delays: [] };
        m.n += 1;
        if (onTime) m.onTime += 1;
        m.delays.push(delay);
        g.messages.set(quarter, m);
      });
    }
    for (const quarter of this.compared) {
      const last = quarterRange(quarter).end;
      const ended = a.status === 'ended' && a.endDate < last;
      if (a.startDate <= last && !ended && (!a.careStartDate || a.careStartDate > last))
        this.both(a, category, (g) => g.measured.set(quarter, (g.measured.get(quarter) ?? 0) + 1));
    }
  }

  /** The waiting youths of the day (for the call list and the CSV): allocation, category, days, bridging. */
  *waits(): Generator<{ a: WaitingInput; category: string; days: number; bridgingSince: string | null }> {
    const bridges = new Map(this.bridges);
    for (const [key, entries] of this.waiting) {
      const bridge = bridges.get(key);
      bridges.delete(key);
      for (const { a, category } of entries)
        yield {
          a,
          category,
          days: daysBetween(a.startDate, this.today),
          bridgingSince: bridge?.careStartDate ?? (bridge ? bridge.startDate : null),
        };
    }
    for (const [key, b] of bridges) {
      const category = key.slice(key.lastIndexOf('|') + 1);
      yield {
        a: b,
        category,
        days: daysBetween(b.startDate, this.today),
        bridgingSince: b.careStartDate ?? b.startDate,
      };
    }
  }

  /** The rows of the day; `reported` is each provider's reported count per `provider|category|quarter`. */
  rows(reported: Map<string, number>): Omit<WaitingFigureDoc, '_id' | 'asOf' | 'suppressed'>[] {
    for (const w of this.waits()) {
      const wait: Wait = {
        days: w.days,
        protection: PROTECTION_REFERRERS.includes(w.a.referrerType),
        bridging: w.bridgingSince !== null,
      };
      this.both(w.a, w.category, (g) => g.waits.push(wait));
    }
    const latestCompared = [...this.compared].sort().at(-1);
    return [...this.groups.values()].map((g) => {
      const trend: WaitingTrendPoint[] = this.months.map((month) => ({
        month,
        started: g.trend.get(month)?.length ?? 0,
        medianDaysToStart: median(g.trend.get(month) ?? []),
      }));
      const messageTimeliness: MessageTimeliness[] = this.quarters.map((quarter) => {
        const m = g.messages.get(quarter);
        return {
          quarter,
          messages: m?.n ?? 0,
          onTime: m?.onTime ?? 0,
          onTimeShare: m ? Math.round((m.onTime / m.n) * 1000) / 1000 : null,
          medianDelayDays: m ? median(m.delays) : null,
        };
      });
      const reportedCount =
        latestCompared && g.municipalityCode === '*'
          ? reported.get(`${g.providerAgbCode}|${g.productCategory}|${latestCompared}`)
          : undefined;
      const measured = latestCompared ? (g.measured.get(latestCompared) ?? 0) : 0;
      return {
        providerAgbCode: g.providerAgbCode,
        productCategory: g.productCategory,
        municipalityCode: g.municipalityCode,
        ...counts(g.waits),
        trend,
        messageTimeliness,
        protectionMeasure: counts(g.waits.filter((w) => w.protection)),
        reportedWaitingList:
          reportedCount === undefined || !latestCompared
            ? null
            : { quarter: latestCompared, reported: reportedCount, measured, difference: reportedCount - measured },
      };
    });
  }

  /** Per provider, the count measured on each compared quarter's last day (every category). */
  measuredPerProvider(): Map<string, Map<string, number>> {
    const out = new Map<string, Map<string, number>>();
    for (const g of this.groups.values()) {
      if (g.municipalityCode !== '*') continue;
      const per = out.get(g.providerAgbCode) ?? new Map<string, number>();
      for (const [q, n] of g.measured) per.set(q, (per.get(q) ?? 0) + n);
      out.set(g.providerAgbCode, per);
    }
    return out;
  }
}
