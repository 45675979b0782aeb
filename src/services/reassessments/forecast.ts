/**
 * The arithmetic of a reassessment campaign (docs/reassessments.md has a worked
 * example): what is done, the pace, when the rest will be done, and which cases
 * run out before their turn. Pure: the campaign, its items and today in, figures out.
 */
import { addDays, daysBetween } from '../../domain/dates';
import { REASSESSMENT_STEPS, type ReassessmentStep } from '../../records/reassessments';
import type { ReassessmentDoc, ReassessmentItemDoc } from '../../records';

/** How many days the measured pace looks back. */
export const PACE_WINDOW_DAYS = 28;

/** What the arithmetic reads of an item. */
export type ForecastItem = Pick<ReassessmentItemDoc, 'allocationNumber' | 'step' | 'steps' | 'facts' | 'decision'>;

/** One week of the burn-down: week 1 starts on the campaign's start date. */
export interface BurnDownWeek {
  week: number;
  weekStart: string;
  weekEnd: string;
  /** Reassessed (decided) in the week. */
  done: number;
  /** Not yet reassessed at the end of the week (or today, for the running week). */
  remaining: number;
  /** What would remain at the stated capacity. */
  remainingAtCapacity: number;
}

/** A campaign's progress on a day. */
export interface Progress {
  asOf: string;
  total: number;
  /** Items per furthest step reached; `notStarted` before the first. */
  counts: Record<ReassessmentStep | 'notStarted', number>;
  /** Reassessed: decided (or handed over). */
  done: number;
  open: number;
  burnDown: BurnDownWeek[];
  /** Reassessments per week over the last four weeks (the stated capacity in the first week). */
  pacePerWeek: number;
  paceBasis: 'capacity' | 'measured';
  /** The day the open items will be done at that pace (null: never, the pace is 0); the last decision when none is open. */
  forecastEndDate: string | null;
  forecastEndDateAtCapacity: string | null;
  /** Reassessments per week needed from today to meet the deadline (null once it has passed). */
  requiredPacePerWeek: number | null;
  /** The forecast passes the deadline with items open. */
  behind: boolean;
  /** Allocation numbers of the open items whose end date comes before their turn at the current pace, most urgent first. */
  atRisk: string[];
  handover: { handedOver: number; awaiting: number } | null;
  bulkExtended: number;
}

const one = (n: number) => Math.round(n * 10) / 10;

/** The date an item was reassessed (its `decided` step), or undefined. */
export function decidedOn(item: Pick<ForecastItem, 'steps'>): string | undefined {
  return item.steps.find((s) => s.step === 'decided')?.date;
}

/** The day `count` more items are done at `perWeek`, from `today`: today + ⌈count × 7 / perWeek⌉ days. */
export function dayDoneAt(today: string, count: number, perWeek: number): string | null {
  if (count <= 0) return today;
  if (perWeek <= 0) return null;
  return addDays(today, Math.ceil((count * 7) / perWeek - 1e-9));
}

/** Most urgent first: an open safety concern, then care not started, then the nearest end date. */
export function byUrgency(a: ForecastItem, b: ForecastItem): number {
  return (
    Number(b.facts.safetyConcern) - Number(a.facts.safetyConcern) ||
    Number(a.facts.careStarted) - Number(b.facts.careStarted) ||
    a.facts.endDate.localeCompare(b.facts.endDate) ||
    a.allocationNumber.localeCompare(b.allocationNumber)
  );
}

/**
 * The open items at risk: taken in end-date order (the best order there is), the
 * k-th open item's turn comes on today + ⌈k × 7 / pace⌉ days; it is at risk when its
 * allocation ends before that day (at pace 0 every open item is). Ended allocations
 * can no longer be extended automatically and are left out.
 */
export function atRiskItems(open: ForecastItem[], today: string, pacePerWeek: number): ForecastItem[] {
  const queue = open
    .filter((i) => i.facts.allocationStatus === 'active')
    .sort(
      (a, b) => a.facts.endDate.localeCompare(b.facts.endDate) || a.allocationNumber.localeCompare(b.allocationNumber),
    );
  return queue.filter((item, k) => {
    const turn = dayDoneAt(today, k + 1, pacePerWeek);
    return turn === null || item.facts.endDate < turn;
  });
}

/** The campaign's progress on `today` (never past its deadline for the lines drawn, always to today for the counts). */
export function progressOf(
  campaign: Pick<ReassessmentDoc, 'startDate' | 'deadline' | 'capacityPerWeek' | 'receivingTeamCode'>,
  items: ForecastItem[],
  today: string,
): Progress {
  const counts = Object.fromEntries(['notStarted', ...REASSESSMENT_STEPS].map((s) => [s, 0])) as Progress['counts'];
  const doneDates: string[] = [];
  const open: ForecastItem[] = [];
  for (const item of items) {
    counts[item.step ?? 'notStarted'] += 1;
    const on = decidedOn(item);
    if (on && on <= today) doneDates.push(on);
    else open.push(item);
  }
  const total = items.length;
  const elapsed = daysBetween(campaign.startDate, today);

  const burnDown: BurnDownWeek[] = [];
  for (let w = 0; addDays(campaign.startDate, 7 * w) <= today; w += 1) {
    const weekStart = addDays(campaign.startDate, 7 * w);
    const weekEnd = addDays(weekStart, 6);
    const until = weekEnd < today ? weekEnd : today;
    burnDown.push({
      week: w + 1,
      weekStart,
      weekEnd,
      done: doneDates.filter((d) => d >= weekStart && d <= weekEnd).length,
      remaining: total - doneDates.filter((d) => d <= until).length,
      remainingAtCapacity: Math.max(0, total - campaign.capacityPerWeek * (w + 1)),
    });
  }

  let pace = campaign.capacityPerWeek;
  let paceBasis: Progress['paceBasis'] = 'capacity';
  if (elapsed >= 7) {
    const window = Math.min(PACE_WINDOW_DAYS, elapsed);
    const since = addDays(today, -window);
    pace = (doneDates.filter((d) => d > since).length * 7) / window;
    paceBasis = 'measured';
  }
  const lastDone = doneDates.sort().at(-1) ?? today;
  const forecastEndDate = open.length === 0 ? lastDone : dayDoneAt(today, open.length, pace);
  const daysLeft = daysBetween(today, campaign.deadline);
  const atRisk = atRiskItems(open, today, pace).sort(byUrgency);
  const handedOver = items.filter((i) => i.step === 'handedOver').length;
  return {
    asOf: today,
    total,
    counts,
    done: doneDates.length,
    open: open.length,
    burnDown,
    pacePerWeek: one(pace),
    paceBasis,
    forecastEndDate,
    forecastEndDateAtCapacity: open.length === 0 ? lastDone : dayDoneAt(today, open.length, campaign.capacityPerWeek),
    requiredPacePerWeek: daysLeft > 0 ? one((open.length * 7) / daysLeft) : null,
    behind: open.length > 0 && (forecastEndDate === null || forecastEndDate > campaign.deadline),
    atRisk: atRisk.map((i) => i.allocationNumber),
    handover: campaign.receivingTeamCode
      ? { handedOver, awaiting: items.filter((i) => i.step === 'decided' && i.decision !== 'close').length }
      : null,
    bulkExtended: items.filter((i) => i.facts.bulkExtension).length,
  };
}
