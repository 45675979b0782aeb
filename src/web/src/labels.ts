/** Dutch words for the API's codes (the code lists the schemas carry have their own Dutch titles). */
import type { FlagType } from '../../flags/types';

/** The flag types' Dutch titles: one for each type the hub's rules raise (src/flags/types.ts; the compiler checks both ways). */
export const FLAG_TYPES: Record<FlagType, string> = {
  safety_concern: 'Zorgen over veiligheid',
  residence_unknown: 'Verblijfplaats onbekend',
  no_case_direction: 'Geen casusregie',
  evaluation_overdue: 'Evaluatie te laat',
  care_not_started: 'Zorg niet gestart',
  closed_placement_too_long: 'Gesloten plaatsing te lang',
  expiring_unreviewed: 'Loopt af zonder beoordeling',
  extension_decision_overdue: 'Besluit verlenging te laat',
  extension_without_evaluation: 'Verlenging zonder evaluatie',
  improvement_action_overdue: 'Verbeteractie te laat',
  kpi_below_target: 'KPI onder norm',
  quarterly_report_missing: 'Kwartaalrapportage ontbreekt',
  reassessment_behind: 'Herbeoordeling loopt achter',
  reassessment_overdue: 'Herbeoordeling over de deadline',
  care_outside_allocation: 'Zorg buiten de toewijzing',
  waiting_list_misreported: 'Wachtlijst anders gemeld dan gemeten',
};

export const FLAG_STATUS: Record<string, string> = {
  open: 'Open',
  acknowledged: 'In behandeling',
  resolved: 'Afgehandeld',
};

export const SEVERITY: Record<string, string> = { critical: 'Kritiek', warning: 'Waarschuwing', info: 'Informatie' };

export const REQUEST_STATUS: Record<string, string> = {
  submitted: 'Ingediend',
  info_requested: 'Informatie gevraagd',
  approved: 'Toegekend',
  rejected: 'Afgewezen',
  withdrawn: 'Ingetrokken',
};

export const EVALUATION_STATUS: Record<string, string> = {
  on_time: 'Op tijd',
  due: 'Binnenkort',
  overdue: 'Te laat',
  never: 'Nog nooit',
};

export const OBLIGATION_STATUS: Record<string, string> = {
  overdue: 'Te laat',
  due: 'Nu te doen',
  upcoming: 'Komt eraan',
  met: 'Gedaan',
};

export const OBLIGATION_KIND: Record<string, string> = {
  evaluation: 'Evaluatie',
  closing_evaluation: 'Eindevaluatie',
  quarterly_report: 'Kwartaalrapportage',
};

export const RESIDENCE: Record<string, string> = {
  home: 'Thuis',
  foster_family: 'Pleeggezin',
  family_home: 'Gezinshuis',
  residential: 'Residentieel',
  secure: 'Gesloten jeugdhulp',
  unknown: 'Onbekend',
  not_reported: 'Niet gemeld',
  notReported: 'Niet gemeld',
};

export const CASE_DIRECTION: Record<string, string> = {
  parents: 'Ouders',
  provider: 'Aanbieder',
  municipal_team: 'Gemeentelijk team',
  certified_institution: 'Gecertificeerde instelling',
  none: 'Niemand',
  not_reported: 'Niet gemeld',
  notReported: 'Niet gemeld',
};

export const GOAL_STATUS: Record<string, string> = {
  achieved: 'Behaald',
  partly: 'Deels behaald',
  not_achieved: 'Niet behaald',
  new: 'Nieuw',
};

export const ADVICE: Record<string, string> = {
  close: 'Afsluiten',
  continue: 'Voortzetten',
  scale_up: 'Opschalen',
  scale_down: 'Afschalen',
  transfer: 'Overdragen',
};

export const RATING: Record<string, string> = {
  green: 'Groen',
  amber: 'Oranje',
  red: 'Rood',
  no_data: 'Geen data',
};

/** A label, or the code itself when no word is known (never an empty cell). */
export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (code === null || code === undefined) return '–';
  return map[code] ?? code;
}
