import {
  addMonths,
  addWorkingDays,
  dateInAmsterdam,
  previousQuarter,
  quarterOf,
  quarterRange,
} from '../../src/domain/dates';

describe('calendar arithmetic', () => {
  test('months clamp to the end of shorter months', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-05-15', -6)).toBe('2025-11-15');
  });

  test('working days skip weekends and Dutch public holidays', () => {
    expect(addWorkingDays('2026-11-20', 10)).toBe('2026-12-04'); // Friday + 10 working days
    expect(addWorkingDays('2026-12-18', 10)).toBe('2027-01-05'); // Christmas, Boxing day, New Year's day skipped
    expect(addWorkingDays('2026-04-24', 1)).toBe('2026-04-28'); // Koningsdag Monday 27 April skipped
  });

  test('quarters', () => {
    expect(quarterOf('2026-09-30')).toBe('2026-Q3');
    expect(quarterRange('2026-Q4')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
    expect(previousQuarter('2026-Q1')).toBe('2025-Q4');
    expect(previousQuarter('2026-Q1', -1)).toBe('2026-Q2');
  });

  test('today is the Dutch calendar date', () => {
    expect(dateInAmsterdam(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(dateInAmsterdam(new Date('2026-12-31T22:59:00Z'))).toBe('2026-12-31');
  });
});
