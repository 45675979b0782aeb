/** The form schemas the app renders, and how one is prepared from its published schema (the same in the build and the browser). */
import { loadBundled, type JsonSchema, type SchemaLoader } from './bundle-schema.ts';

/** The payloads a provider fills in by form: the evaluation form versions and the extension request. */
export const FORM_SCHEMA_IDS = [
  'evaluation.v1.json',
  'evaluation-form-1.1.v1.json',
  'extension-request.v1.json',
] as const;
export type FormSchemaId = (typeof FORM_SCHEMA_IDS)[number];

/**
 * The published schema bundled into one document, without what a form does not render:
 * its examples, and a cross-field `anyOf` at the root (form 1.1: a closing report needs
 * `outcome`), which the hub checks on submission and reports at the field.
 */
export async function prepareFormSchema(id: string, load: SchemaLoader): Promise<JsonSchema> {
  const { examples: _examples, anyOf: _anyOf, oneOf: _oneOf, ...schema } = await loadBundled(id, load);
  return uncheckedIsFalse(schema) as JsonSchema;
}

/** A yes/no field is a checkbox, and a checkbox left unticked says no: boolean properties default to false. */
function uncheckedIsFalse(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(uncheckedIsFalse);
  if (!node || typeof node !== 'object') return node;
  const out = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, uncheckedIsFalse(v)]));
  return out.type === 'boolean' && !('default' in out) ? { ...out, default: false } : out;
}
