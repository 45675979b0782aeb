import Holidays from 'date-holidays';

/** A calendar date as the API writes it: YYYY-MM-DD. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const amsterdamDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Amsterdam',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});
const publicHolidays = new Holidays('NL');

function toUtc(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

/** The calendar date in the Netherlands at a moment. */
export function dateInAmsterdam(at: Date): IsoDate {
  return amsterdamDay.format(at);
}

/** `date` plus `days` (negative to go back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(new Date(toUtc(date).getTime() + days * MS_PER_DAY));
}

/** `date` plus whole months; the day is clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, lastDay));
  return fromUtc(target);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / MS_PER_DAY);
}

/** The Dutch public holidays of a year, as dates (date-holidays computes a year in milliseconds: once per year). */
const holidaysByYear = new Map<number, Set<IsoDate>>();
function publicHolidaysOf(year: number): Set<IsoDate> {
  let dates = holidaysByYear.get(year);
  if (!dates) {
    dates = new Set(
      publicHolidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    holidaysByYear.set(year, dates);
  }
  return dates;
}

/** True for Monday to Friday that is not a Dutch public holiday. */
export function isWorkingDay(date: IsoDate): boolean {
  const day = toUtc(date).getUTCDay();
  if (day === 0 || day === 6) return false;
  return !publicHolidaysOf(Number(date.slice(0, 4))).has(date);
}

/** The date `n` working days after `date` (weekends and Dutch public holidays skipped). */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  let current = date;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) left -= 1;
  }
  return current;
}

/** The quarter a date falls in, as `2026-Q3`. */
export function quarterOf(date: IsoDate): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** First and last day of a quarter such as `2026-Q3`. */
export function quarterRange(quarter: string): { start: IsoDate; end: IsoDate } {
  const match = /^(\d{4})-Q([1-4])$/.exec(quarter);
  if (!match) throw new Error(`not a quarter: ${quarter}`);
  const year = Number(match[1]);
  const q = Number(match[2]);
  const start = `${year}-${String((q - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { start, end: addDays(addMonths(start, 3), -1) };
}

/** The quarter before (or, with a negative count, after) a quarter. */
export function previousQuarter(quarter: string, count = 1): string {
  const { start } = quarterRange(quarter);
  return quarterOf(addMonths(start, -3 * count));
}
