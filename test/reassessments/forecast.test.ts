/**
 * The arithmetic of a campaign's progress, on hand-computed figures (no database):
 * campaign 2026-07-01 to 2026-09-23 (12 weeks), stated capacity 20 a week.
 */
import type { ReassessmentItemDoc } from '../../src/records';
import { atRiskItems, dayDoneAt, progressOf, type ForecastItem } from '../../src/services/reassessments/forecast';

const campaign = { startDate: '2026-07-01', deadline: '2026-09-23', capacityPerWeek: 20 };

function item(n: string, endDate: string, decided?: string, facts: Partial<ForecastItem['facts']> = {}): ForecastItem {
  const steps: ReassessmentItemDoc['steps'] = decided
    ? [
        {
          step: 'decided',
          date: decided,
          at: new Date(`${decided}T12:00:00Z`),
          by: 't',
          role: 'consultant',
          decision: 'continue',
        },
      ]
    : [];
  return {
    allocationNumber: n,
    step: decided ? 'decided' : null,
    steps,
    ...(decided ? { decision: 'continue' as const } : {}),
    facts: {
      providerAgbCode: '11111111',
      clientRef: 'c',
      endDate,
      allocationStatus: 'active',
      careStarted: true,
      safetyConcern: false,
      ...facts,
    },
  };
}
const many = (prefix: string, count: number, endDate: string, decided?: string) =>
  Array.from({ length: count }, (_, i) => item(`${prefix}-${String(i).padStart(3, '0')}`, endDate, decided));

describe('the forecast arithmetic', () => {
  test('the day n more are done at a pace: today + ⌈n × 7 / pace⌉ days', () => {
    expect(dayDoneAt('2026-07-04', 8, 20)).toBe('2026-07-07'); // 8 × 7 / 20 = 2.8 → 3 days
    expect(dayDoneAt('2026-08-12', 160, 20)).toBe('2026-10-07'); // 56 days
    expect(dayDoneAt('2026-08-12', 5, 0)).toBeNull(); // at pace 0: never
    expect(dayDoneAt('2026-08-12', 0, 0)).toBe('2026-08-12');
  });

  test('in the first week the pace is the stated capacity', () => {
    const items = [...many('D', 2, '2026-12-31', '2026-07-02'), ...many('O', 8, '2026-12-31')];
    const p = progressOf(campaign, items, '2026-07-04');
    expect(p).toMatchObject({
      total: 10,
      done: 2,
      open: 8,
      pacePerWeek: 20,
      paceBasis: 'capacity',
      forecastEndDate: '2026-07-07',
      forecastEndDateAtCapacity: '2026-07-07',
      requiredPacePerWeek: 0.7, // 8 × 7 / 81 days left = 0.69
      behind: false,
      atRisk: [],
    });
    expect(p.counts).toEqual({ notStarted: 8, planned: 0, talked: 0, planUpdated: 0, decided: 2, handedOver: 0 });
  });

  test('the measured pace of the last four weeks, the forecast, the pace needed, the burn-down and who is at risk', () => {
    // 100 cases; 20 decided on 07-10 (outside the window), 14 on 07-20 and 14 on 08-05 (inside it)
    const items = [
      ...many('W', 20, '2026-12-31', '2026-07-10'),
      ...many('X', 14, '2026-12-31', '2026-07-20'),
      ...many('Y', 14, '2026-12-31', '2026-08-05'),
      item('A-01', '2026-08-13'),
      item('A-02', '2026-08-13', undefined, { careStarted: false }),
      item('A-03', '2026-08-13', undefined, { safetyConcern: true }),
      item('A-04', '2026-08-01', undefined, { allocationStatus: 'ended' }), // ended: never extended automatically
      ...many('Z', 48, '2026-12-31'),
    ];
    const p = progressOf(campaign, items, '2026-08-12');
    expect(p).toMatchObject({
      total: 100,
      done: 48,
      open: 52,
      pacePerWeek: 7, // 28 decided in (07-15, 08-12]: 28 × 7 / 28
      paceBasis: 'measured',
      forecastEndDate: '2026-10-03', // 08-12 + ⌈52 × 7 / 7⌉ = 52 days
      forecastEndDateAtCapacity: '2026-08-31', // 08-12 + ⌈52 × 7 / 20⌉ = 19 days
      requiredPacePerWeek: 8.7, // 52 × 7 / 42 days left
      behind: true,
    });
    // the active open cases by end date: A-01 (turn 08-13), A-02 (08-14), A-03 (08-15) all end 08-13:
    // end before their turn; safety concern first, then care not started
    expect(p.atRisk).toEqual(['A-03', 'A-02']);
    expect(p.burnDown).toEqual([
      { week: 1, weekStart: '2026-07-01', weekEnd: '2026-07-07', done: 0, remaining: 100, remainingAtCapacity: 80 },
      { week: 2, weekStart: '2026-07-08', weekEnd: '2026-07-14', done: 20, remaining: 80, remainingAtCapacity: 60 },
      { week: 3, weekStart: '2026-07-15', weekEnd: '2026-07-21', done: 14, remaining: 66, remainingAtCapacity: 40 },
      { week: 4, weekStart: '2026-07-22', weekEnd: '2026-07-28', done: 0, remaining: 66, remainingAtCapacity: 20 },
      { week: 5, weekStart: '2026-07-29', weekEnd: '2026-08-04', done: 0, remaining: 66, remainingAtCapacity: 0 },
      { week: 6, weekStart: '2026-08-05', weekEnd: '2026-08-11', done: 14, remaining: 52, remainingAtCapacity: 0 },
      { week: 7, weekStart: '2026-08-12', weekEnd: '2026-08-18', done: 0, remaining: 52, remainingAtCapacity: 0 },
    ]);
  });

  test('at pace 0 nothing is forecast and every active open case is at risk; once all are done the forecast is the last decision', () => {
    const stalled = progressOf(campaign, [item('B-1', '2027-06-30'), item('B-2', '2027-06-30')], '2026-08-12');
    expect(stalled).toMatchObject({ pacePerWeek: 0, forecastEndDate: null, behind: true, atRisk: ['B-1', 'B-2'] });
    const done = progressOf(
      campaign,
      [item('C-1', '2027-06-30', '2026-09-01'), item('C-2', '2027-06-30', '2026-09-08')],
      '2026-09-10',
    );
    expect(done).toMatchObject({ open: 0, forecastEndDate: '2026-09-08', behind: false, atRisk: [] });
    // past the deadline nothing more can be required of the pace
    expect(progressOf(campaign, [item('E-1', '2027-06-30')], '2026-09-24').requiredPacePerWeek).toBeNull();
  });

  test('the queue is taken in end-date order: the k-th turn is today + ⌈k × 7 / pace⌉', () => {
    // at 7 a week, one a day: five cases ending 08-14 have their turns on 08-13 to 08-17
    const open = ['1', '2', '3', '4', '5'].map((n) => item(`Q-${n}`, '2026-08-14'));
    expect(atRiskItems(open, '2026-08-12', 7).map((i) => i.allocationNumber)).toEqual(['Q-3', 'Q-4', 'Q-5']);
  });
});
