/**
 * Each KPI's formula over hand-counted inputs, with zero and small denominators;
 * the ratings against targets; the helpers the definitions use. (The same KPIs are
 * computed from real records in kpis.test.ts.)
 */
import { goalsMostlyAchieved } from '../../src/kpis/facts';
import { KPI_BY_ID, KPIS } from '../../src/kpis/definitions';
import { median } from '../../src/kpis/definitions/median-days-to-care-start';
import { DEFAULT_KPI_TARGETS, rate, targetFor } from '../../src/kpis/targets';
import { emptyInputs, KPI_IDS, type KpiId, type KpiInputs } from '../../src/kpis/types';
import type { KpiRow } from '../../src/services/kpis/kpis.service';
import { trendOf } from '../../src/services/kpis/scorecards.service';
import { SchemaRegistry } from '../../src/validation/schemas';

const compute = (id: KpiId, inputs: Partial<KpiInputs>) => KPI_BY_ID.get(id)!.compute({ ...emptyInputs(), ...inputs });

describe('the KPI modules', () => {
  test('there is one module per KPI id of the contract, in its order, each fully described', () => {
    expect(KPIS.map((k) => k.id)).toEqual([...KPI_IDS]);
    const schemaIds = (
      new SchemaRegistry().documents.find((d) => d.$id === 'common/codes.v1.json') as unknown as {
        $defs: { kpiId: { enum: string[] } };
      }
    ).$defs.kpiId.enum;
    expect(schemaIds).toEqual([...KPI_IDS]);
    for (const k of KPIS) {
      expect(k.name.nl.length).toBeGreaterThan(3);
      expect(k.name.en.length).toBeGreaterThan(3);
      expect(k.definition).toMatch(/\.$/);
      expect(k.numerator.length).toBeGreaterThan(3);
      expect(k.denominator.length).toBeGreaterThan(3);
      expect(DEFAULT_KPI_TARGETS[k.id]).toBeDefined();
    }
  });

  test.each([
    // id, counters, value, numerator, denominator
    ['dropout_rate', { ended: 8, droppedOut: 2 }, 0.25, 2, 8],
    ['dropout_rate', { ended: 3, droppedOut: 0 }, 0, 0, 3],
    ['goal_attainment', { endedWithClosingEvaluation: 4, endedGoalsAttained: 3 }, 0.75, 3, 4],
    ['evaluation_timeliness', { evaluationsDue: 7, evaluationsOnTime: 3 }, 3 / 7, 3, 7],
    ['evaluation_coverage', { coverageEligible: 3, coverageCovered: 2 }, 2 / 3, 2, 3],
    ['participation_rate', { evaluationsHeld: 5, bothParticipated: 3 }, 0.6, 3, 5],
    ['extensions_reviewed', { extensionsGranted: 3, extensionsReviewed: 1 }, 1 / 3, 1, 3],
    ['residence_known_rate', { evaluationsHeld: 5, residenceKnown: 4 }, 0.8, 4, 5],
    ['case_direction_rate', { evaluationsHeld: 1, caseDirectionHeld: 1 }, 1, 1, 1],
    ['consultant_experience', { experienceRatings: 3, experienceSum: 23 }, 23 / 3, 23, 3],
  ] as [KpiId, Partial<KpiInputs>, number, number, number][])(
    '%s over %j is %d',
    (id, inputs, value, numerator, denominator) => {
      const r = compute(id, inputs);
      expect(r.numerator).toBe(numerator);
      expect(r.denominator).toBe(denominator);
      expect(r.value).toBeCloseTo(value, 12);
    },
  );

  test('client satisfaction: the mean of all scores, youth and parents also apart; a missing score does not count', () => {
    // closing evaluations scored youth 8 / parents 6, youth - / parents 5, youth 9 / parents -, youth 10 / parents 10
    const r = compute('client_satisfaction', {
      youthScoreSum: 27,
      youthScores: 3,
      parentScoreSum: 21,
      parentScores: 3,
    });
    expect(r).toEqual({
      value: 8,
      numerator: 48,
      denominator: 6,
      breakdown: { youth: { value: 9, count: 3 }, parents: { value: 7, count: 3 } },
    });
    const parentsOnly = compute('client_satisfaction', { parentScoreSum: 5, parentScores: 1 });
    expect(parentsOnly.breakdown).toEqual({ youth: { value: null, count: 0 }, parents: { value: 5, count: 1 } });
  });

  test('median days to care start: the middle value, or the mean of the middle two; no numerator', () => {
    expect(compute('median_days_to_care_start', { daysToCareStart: [44, 30, 36] })).toEqual({
      value: 36,
      numerator: null,
      denominator: 3,
    });
    expect(compute('median_days_to_care_start', { daysToCareStart: [10, 40, 20, 90] })).toEqual({
      value: 30,
      numerator: null,
      denominator: 4,
    });
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
  });

  test('a denominator of 0 is no data, never 0% or 100%, for every KPI', () => {
    for (const k of KPIS) {
      const r = k.compute(emptyInputs());
      expect({ kpi: k.id, value: r.value, denominator: r.denominator }).toEqual({
        kpi: k.id,
        value: null,
        denominator: 0,
      });
      expect(rate(k, r, targetFor(k.id, undefined))).toBe('no_data');
    }
  });

  test('goals mostly achieved: at least half of the assessed goals (new ones not assessed)', () => {
    const g = (...s: string[]) => s.map((status) => ({ status }));
    expect(goalsMostlyAchieved(g('achieved', 'achieved', 'partly'))).toBe(true);
    expect(goalsMostlyAchieved(g('achieved', 'not_achieved'))).toBe(true);
    expect(goalsMostlyAchieved(g('achieved', 'not_achieved', 'not_achieved', 'new'))).toBe(false);
    expect(goalsMostlyAchieved(g('new'))).toBe(false);
    expect(goalsMostlyAchieved([])).toBe(false);
  });
});

describe('ratings against targets', () => {
  const higher = { direction: 'higher_is_better' as const };
  const lower = { direction: 'lower_is_better' as const };
  const r = (value: number) => ({ value, numerator: null, denominator: 10 });

  test('higher is better: green from the target, amber within the band below it, red beyond', () => {
    const t = { target: 0.75, amberBand: 0.15 };
    expect(rate(higher, r(0.8), t)).toBe('green');
    expect(rate(higher, r(0.75), t)).toBe('green');
    expect(rate(higher, r(3 / 5), t)).toBe('amber'); // exactly on the band's edge
    expect(rate(higher, r(0.59), t)).toBe('red');
  });

  test('lower is better: green up to the target, amber within the band above it, red beyond', () => {
    const t = { target: 0.3, amberBand: 0.15 };
    expect(rate(lower, r(0.3), t)).toBe('green');
    expect(rate(lower, r(0.4), t)).toBe('amber');
    expect(rate(lower, r(0.45), t)).toBe('amber');
    expect(rate(lower, r(0.5), t)).toBe('red');
  });

  test("a contract's target applies, its missing amber band and missing KPIs fall back to the region's default", () => {
    expect(targetFor('dropout_rate', { dropout_rate: { target: 0.3, amberBand: 0.15 } })).toEqual({
      target: 0.3,
      amberBand: 0.15,
    });
    expect(targetFor('dropout_rate', { dropout_rate: { target: 0.2 } })).toEqual({
      target: 0.2,
      amberBand: DEFAULT_KPI_TARGETS.dropout_rate.amberBand,
    });
    expect(targetFor('goal_attainment', { dropout_rate: { target: 0.2 } })).toEqual(
      DEFAULT_KPI_TARGETS.goal_attainment,
    );
  });
});

describe('trends', () => {
  type Quarter = Pick<KpiRow, 'value' | 'target' | 'status' | 'smallSample' | 'rating'>;
  const q = (value: number | null, extra: Partial<Quarter> = {}): Quarter => ({
    value,
    target: 0.9,
    status: 'final',
    smallSample: false,
    rating: value === null ? 'no_data' : 'green',
    ...extra,
  });

  test('compares the latest two judged final quarters, in the direction that is better', () => {
    expect(trendOf({ direction: 'higher_is_better' }, [q(0.7), q(0.8)])).toBe('improving');
    expect(trendOf({ direction: 'lower_is_better' }, [q(0.7), q(0.8)])).toBe('worsening');
    expect(trendOf({ direction: 'higher_is_better' }, [q(0.8), q(0.81)])).toBe('stable'); // under 2% of the target
  });

  test('skips quarters without data, with small samples or still provisional; unknown with fewer than two', () => {
    expect(
      trendOf({ direction: 'higher_is_better' }, [
        q(0.5),
        q(null),
        q(0.9, { smallSample: true }),
        q(0.7),
        q(0.2, { status: 'provisional' }),
      ]),
    ).toBe('improving');
    expect(trendOf({ direction: 'higher_is_better' }, [q(0.5), q(null)])).toBe('unknown');
  });
});
