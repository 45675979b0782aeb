import { nextEvaluation, obligationStatus, quarterlyReportDue } from '../../src/domain/obligations';

const rules = { evaluationIntervalMonths: 3, graceDays: 14, reminderLeadDays: 14, quarterlyReportDueDays: 30 };

describe('the evaluation schedule', () => {
  const base = { startDate: '2026-02-01', endDate: '2026-12-31', status: 'active' as const };

  test('the first evaluation covers the first interval from the start date', () => {
    expect(nextEvaluation(base, rules)).toEqual({
      kind: 'evaluation',
      periodStart: '2026-02-01',
      dueDate: '2026-04-30',
    });
  });

  test('it rolls on from the latest evaluated period', () => {
    const after = { ...base, evaluations: { count: 1, latestPeriodEnd: '2026-05-10' } };
    expect(nextEvaluation(after, rules)).toEqual({
      kind: 'evaluation',
      periodStart: '2026-05-11',
      dueDate: '2026-08-10',
    });
  });

  test('near the end it becomes the closing evaluation, due on the end date; none after it', () => {
    const late = { ...base, evaluations: { count: 3, latestPeriodEnd: '2026-10-31' } };
    expect(nextEvaluation(late, rules)).toEqual({
      kind: 'closing_evaluation',
      periodStart: '2026-11-01',
      dueDate: '2026-12-31',
    });
    expect(nextEvaluation({ ...base, status: 'ended', endDate: '2026-03-15' }, rules)).toEqual({
      kind: 'closing_evaluation',
      periodStart: '2026-02-01',
      dueDate: '2026-03-15',
    });
    expect(
      nextEvaluation(
        { ...late, evaluations: { count: 4, latestPeriodEnd: '2026-12-31', latestIsClosing: true } },
        rules,
      ),
    ).toBeNull();
  });

  test('status: upcoming, due from 14 days before, overdue after 14 days grace', () => {
    expect(obligationStatus('2026-04-30', '2026-04-15', rules)).toBe('upcoming');
    expect(obligationStatus('2026-04-30', '2026-04-16', rules)).toBe('due');
    expect(obligationStatus('2026-04-30', '2026-05-14', rules)).toBe('due');
    expect(obligationStatus('2026-04-30', '2026-05-15', rules)).toBe('overdue');
  });

  test('a quarterly report is due 30 days after its quarter', () => {
    expect(quarterlyReportDue('2026-Q3', rules)).toBe('2026-10-30');
  });
});
