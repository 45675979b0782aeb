/** A uiSchema that gives a form generated from a published schema Dutch labels (the schemas' own words are English). */
import type { JsonSchema } from './bundle-schema';
import { ADVICE, CASE_DIRECTION, GOAL_STATUS, RESIDENCE } from '../labels';

const FIELDS: Record<string, string> = {
  allocationNumber: 'Toewijzingsnummer',
  periodStart: 'Begin van de periode',
  periodEnd: 'Einde van de periode',
  meetingDate: 'Datum van het evaluatiegesprek',
  formVersion: 'Formulierversie',
  supersedes: 'Corrigeert een eerder verslag',
  participants: 'Aanwezig bij het gesprek',
  youth: 'Jeugdige',
  parents: 'Ouders',
  network: 'Netwerk',
  otherProfessionals: 'Andere professionals',
  goals: 'Doelen',
  description: 'Omschrijving',
  status: 'Stand van zaken',
  note: 'Toelichting',
  safety: 'Veiligheid',
  concerns: 'Zorgen over de veiligheid',
  veiligThuisReport: 'Melding bij Veilig Thuis gedaan',
  safetyPlan: 'Veiligheidsplan aanwezig',
  residence: 'Verblijfplaats',
  type: 'Waar woont de jeugdige',
  since: 'Sinds',
  caseDirection: 'Casusregie',
  holder: 'Wie heeft de casusregie',
  satisfaction: 'Tevredenheid (1-10, leeg als niet gemeten)',
  outcome: 'Uitkomst (CBS Beleidsinformatie Jeugd)',
  continuation: 'Voortzetting van de hulp',
  advice: 'Advies',
  recommendation: 'Aanbeveling',
  reasoning: 'Onderbouwing',
  author: 'Opgesteld door',
  name: 'Naam',
  register: 'Register',
  registrationNumber: 'Registratienummer',
  isClosing: 'Dit is de eindevaluatie',
  requestedEndDate: 'Gevraagde einddatum',
  requestedVolume: 'Gevraagde omvang',
  amount: 'Hoeveelheid',
  unit: 'Eenheid',
  frequency: 'Frequentie',
  evaluationId: 'Evaluatie waarop de aanvraag rust',
};

/** Fields filled from the provider's own work (forms/widgets.tsx), never typed as an id. */
const WIDGETS: Record<string, string> = {
  allocationNumber: 'allocation',
  supersedes: 'evaluation',
  evaluationId: 'evaluation',
  formVersion: 'hidden', // chosen once, above the form
};

/** What one item of a list is called. */
const ITEMS: Record<string, string> = { goals: 'Doel' };

/** Per property name, the Dutch words for its enum values. */
const VALUES: Record<string, Record<string, string>> = {
  status: GOAL_STATUS,
  type: RESIDENCE,
  holder: CASE_DIRECTION,
  recommendation: ADVICE,
};

type Ui = Record<string, unknown>;

/** Walks the schema's properties (and array items) and labels each field in Dutch; descriptions stay out of the form. */
export function dutchUiSchema(
  schema: JsonSchema,
  defs: Record<string, unknown> = (schema.$defs as Record<string, unknown>) ?? {},
): Ui {
  const resolve = (s: JsonSchema): JsonSchema =>
    typeof s.$ref === 'string' && s.$ref.startsWith('#/$defs/')
      ? { ...(defs[s.$ref.slice(8)] as JsonSchema), ...s }
      : s;
  const walk = (node: JsonSchema, key?: string): Ui => {
    const s = resolve(node);
    const ui: Ui = {};
    if (key) {
      ui['ui:title'] = FIELDS[key] ?? key;
      ui['ui:description'] = ' ';
    }
    if (key && Array.isArray(s.enum) && VALUES[key])
      ui['ui:enumNames'] = (s.enum as string[]).map((v) => VALUES[key]![v] ?? v);
    if (key === 'reasoning' || key === 'note') ui['ui:widget'] = 'textarea';
    if (s.properties)
      for (const [k, v] of Object.entries(s.properties as Record<string, JsonSchema>)) ui[k] = walk(v, k);
    if (s.items && typeof s.items === 'object')
      ui.items = { ...walk(s.items as JsonSchema), 'ui:title': ITEMS[key ?? ''] ?? 'Onderdeel' };
    if (key && WIDGETS[key]) ui['ui:widget'] = WIDGETS[key];
    return ui;
  };
  return {
    ...walk(schema),
    'ui:title': ' ',
    'ui:description': ' ',
    'ui:submitButtonOptions': { submitText: 'Indienen' },
  };
}
