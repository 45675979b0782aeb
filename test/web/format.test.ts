/**
 * The web app's own formats and calendar: Dutch numbers and dates, and "today" as the
 * hub counts it (in the Netherlands), whatever the browser's time zone.
 */
import { date, num } from '../../src/web/src/format';
import { daysAgo, quartersBack, today } from '../../src/web/src/calendar';

describe("the web app's formats and calendar", () => {
  test('numbers with a thousands dot and a decimal comma; dates dd-mm-jjjj', () => {
    expect([num(1009), num(12.25), num(0), num(null)]).toEqual(['1.009', '12,3', '0', '–']);
    expect([date('2027-12-31'), date('2028-02-29T10:00:00Z'), date(null)]).toEqual(['31-12-2027', '29-02-2028', '–']);
  });

  test("today is the Dutch date: at 23:30 UTC on New Year's Eve it is already New Year", () => {
    const newYear = new Date('2027-12-31T23:30:00Z');
    expect(today(newYear)).toBe('2028-01-01');
    expect(today(new Date('2027-06-30T22:30:00Z'))).toBe('2027-07-01'); // summer time: UTC+2
    expect(daysAgo(1, newYear)).toBe('2027-12-31');
    expect(daysAgo(120, new Date('2028-06-28T10:00:00Z'))).toBe('2028-02-29');
    expect(quartersBack(3, today(newYear))).toEqual(['2027-Q4', '2027-Q3', '2027-Q2']);
    expect(quartersBack(1, '2027-03-31')).toEqual(['2026-Q4']);
  });
});
