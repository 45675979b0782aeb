import {
  carePlanDue,
  isClosedCare,
  nextEvaluation,
  obligationStatus,
  quarterlyReportDue,
} from '../../src/domain/obligations';

const rules = { evaluationIntervalMonths: 3, graceDays: 14, reminderLeadDays: 14, quarterlyReportDueDays: 30 };

describe('the evaluation schedule', () => {
  const base = { startDate: '2026-02-01', endDate: '2026-12-31', status: 'active' as const };

  test('the first evaluation covers the first interval from the start date', () => {
    expect(nextEvaluation(base, rules)).toEqual({
      kind: 'evaluation',
      periodStart: '2026-02-01',
      dueDate: '2026-04-30',
      cycle: 'contract',
    });
  });

  test('it rolls on from the latest evaluated period', () => {
    const after = { ...base, evaluations: { count: 1, latestPeriodEnd: '2026-05-10' } };
    expect(nextEvaluation(after, rules)).toEqual({
      kind: 'evaluation',
      periodStart: '2026-05-11',
      dueDate: '2026-08-10',
      cycle: 'contract',
    });
  });

  test('near the end it becomes the closing evaluation, due on the end date; none after it', () => {
    const late = { ...base, evaluations: { count: 3, latestPeriodEnd: '2026-10-31' } };
    expect(nextEvaluation(late, rules)).toEqual({
      kind: 'closing_evaluation',
      periodStart: '2026-11-01',
      dueDate: '2026-12-31',
      cycle: 'contract',
    });
    expect(nextEvaluation({ ...base, status: 'ended', endDate: '2026-03-15' }, rules)).toEqual({
      kind: 'closing_evaluation',
      periodStart: '2026-02-01',
      dueDate: '2026-03-15',
      cycle: 'contract',
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

describe('the closed-care cycle (gesloten jeugdhulp, Jeugdwet 6.2.9)', () => {
  const closedRules = { ...rules, closedCareProductCodes: ['43A37'] };
  const placement = {
    startDate: '2026-02-01',
    endDate: '2027-01-31',
    status: 'active' as const,
    product: { category: '43', code: '43A37' },
    careStartDate: '2026-02-09',
  };

  test('a product the contract marks as closed care: first evaluation 4 weeks after care starts, care plan within 6 weeks', () => {
    expect(isClosedCare(placement, closedRules)).toBe(true);
    // care started Monday 9 February: + 28 days = 9 March; the plan is due + 42 days = 23 March
    expect(nextEvaluation(placement, closedRules)).toEqual({
      kind: 'evaluation',
      periodStart: '2026-02-01',
      dueDate: '2026-03-09',
      cycle: 'closed_care',
    });
    expect(carePlanDue(placement)).toBe('2026-03-23');
    // while care has not started, the 4 weeks run from the allocation's start
    const { careStartDate: _notYet, ...waiting } = placement;
    expect(nextEvaluation(waiting, closedRules)?.dueDate).toBe('2026-03-01');
  });

  test('then at least every 2 months from the latest evaluated period', () => {
    const evaluated = { ...placement, evaluations: { count: 1, latestPeriodEnd: '2026-03-08' } };
    // next period 9 March .. 8 May (2 months, last day included)
    expect(nextEvaluation(evaluated, closedRules)).toEqual({
      kind: 'evaluation',
      periodStart: '2026-03-09',
      dueDate: '2026-05-08',
      cycle: 'closed_care',
    });
    // the same allocation on a contract that does not mark the product: every 3 months
    expect(nextEvaluation(evaluated, rules)).toMatchObject({ dueDate: '2026-06-08', cycle: 'contract' });
  });

  test('an evaluation reporting residence secure moves an allocation onto the cycle; residence home moves it back', () => {
    const ambulant = {
      startDate: '2026-02-01',
      endDate: '2027-01-31',
      status: 'active' as const,
      product: { category: '45', code: '45A48' },
      evaluations: { count: 1, latestPeriodEnd: '2026-04-30', latestResidence: 'secure' },
    };
    expect(nextEvaluation(ambulant, closedRules)).toEqual({
      kind: 'evaluation',
      periodStart: '2026-05-01',
      dueDate: '2026-06-30',
      cycle: 'closed_care',
    });
    const home = { ...ambulant, evaluations: { ...ambulant.evaluations, latestResidence: 'home' } };
    expect(nextEvaluation(home, closedRules)).toEqual({
      kind: 'evaluation',
      periodStart: '2026-05-01',
      dueDate: '2026-07-31',
      cycle: 'contract',
    });
  });
});
