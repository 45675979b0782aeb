import type { KpiDefinition, KpiId } from '../types';
import { caseDirectionRate } from './case-direction-rate';
import { clientSatisfaction } from './client-satisfaction';
import { consultantExperience } from './consultant-experience';
import { dropoutRate } from './dropout-rate';
import { evaluationCoverage } from './evaluation-coverage';
import { evaluationTimeliness } from './evaluation-timeliness';
import { extensionsReviewed } from './extensions-reviewed';
import { goalAttainment } from './goal-attainment';
import { medianDaysToCareStart } from './median-days-to-care-start';
import { noFurtherHelpRate } from './no-further-help-rate';
import { noRepeatHelpRate } from './no-repeat-help-rate';
import { participationRate } from './participation-rate';
import { residenceKnownRate } from './residence-known-rate';

/** Every KPI, in the order of the public contract. */
export const KPIS: readonly KpiDefinition[] = [
  dropoutRate,
  clientSatisfaction,
  goalAttainment,
  evaluationTimeliness,
  evaluationCoverage,
  participationRate,
  extensionsReviewed,
  medianDaysToCareStart,
  residenceKnownRate,
  caseDirectionRate,
  consultantExperience,
  noFurtherHelpRate,
  noRepeatHelpRate,
];

/** A KPI by id. */
export const KPI_BY_ID = new Map<KpiId, KpiDefinition>(KPIS.map((k) => [k.id, k]));
