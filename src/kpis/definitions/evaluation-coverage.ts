import { ratio, type KpiDefinition } from '../types';

/** Evaluation coverage: is every running trajectory evaluated? */
export const evaluationCoverage: KpiDefinition = {
  id: 'evaluation_coverage',
  name: { nl: 'Dekking evaluaties', en: 'Evaluation coverage' },
  definition:
    "Of the allocations that ran through the quarter's last evaluation interval (started at least one interval before the quarter's end and not ended before it), the share with an evaluation covering that interval.",
  numerator: 'those allocations with an evaluation whose period overlaps the interval',
  denominator: "allocations that ran through the quarter's last evaluation interval",
  direction: 'higher_is_better',
  unit: 'ratio',
  compute: (i) => ratio(i.coverageCovered, i.coverageEligible),
};
