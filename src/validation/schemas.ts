import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SCHEMAS_DIR } from '../paths';
import type { FieldError } from '../errors';
import { isValidBsn, normaliseBsn } from '../domain/bsn';

/** A JSON Schema document as stored in schemas/. */
export interface SchemaDocument {
  $id: string;
  title?: string;
  description?: string;
  examples?: unknown[];
  [key: string]: unknown;
}

function listSchemaFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return entry.name === 'internal' ? [] : listSchemaFiles(path.join(dir, entry.name), rel);
    return entry.name.endsWith('.json') ? [rel] : [];
  });
}

/** Loads every public schema from schemas/ (not internal/), checking `$id` equals the file path. */
export function loadSchemaDocuments(dir = SCHEMAS_DIR): SchemaDocument[] {
  return listSchemaFiles(dir)
    .sort()
    .map((rel) => {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, rel), 'utf8')) as SchemaDocument;
      if (doc.$id !== rel) throw new Error(`schemas/${rel}: $id must be "${rel}", found "${doc.$id}"`);
      return doc;
    });
}

/** The values of a code list schema (`oneOf` of `{ const, title }`), or null. */
function codeListValues(schema: unknown): string[] | null {
  const branches = (schema as { oneOf?: unknown } | undefined)?.oneOf;
  if (!Array.isArray(branches) || branches.length === 0) return null;
  const values = branches.map((b) => (b as { const?: unknown }).const);
  return values.every((v) => typeof v === 'string') ? values.map((v) => JSON.stringify(v)) : null;
}

/** Turns ajv errors into field errors with JSON Pointer paths pointing at the offending field. */
export function toFieldErrors(errs: ErrorObject[] | null | undefined): FieldError[] {
  const out: FieldError[] = [];
  const seen = new Set<string>();
  // a code list is a oneOf of { const, title }: one "must be one of" instead of a line per value
  const codeLists = new Set(
    (errs ?? []).filter((e) => e.keyword === 'oneOf' && codeListValues(e.parentSchema)).map((e) => e.instancePath),
  );
  // "P is v, or Q is given" (an anyOf of a const and a required): one error on Q
  const unless = new Map<string, string>(); // the anyOf's schema path -> "P is v"
  for (const e of errs ?? []) {
    const at = /^(.*)\/anyOf\/\d+\/properties\/([^/]+)\/const$/.exec(e.schemaPath);
    if (at) unless.set(at[1]!, `${at[2]!} is ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`);
  }
  const anyOfOf = (schemaPath: string) => /^(.*)\/anyOf\/\d+\//.exec(schemaPath)?.[1];
  for (const e of errs ?? []) {
    let p = e.instancePath;
    if (e.keyword === 'const' && codeLists.has(p)) continue;
    const alternative = anyOfOf(e.schemaPath);
    if (alternative !== undefined && unless.has(alternative)) {
      if (e.keyword !== 'required') continue;
      const key = `${p}/${String((e.params as { missingProperty: string }).missingProperty)}|unless`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ path: key.split('|')[0]!, message: `is required unless ${unless.get(alternative)!}` });
      }
      continue;
    }
    let message = e.message ?? 'is invalid';
    const params = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'required':
        p = `${p}/${String(params.missingProperty)}`;
        message = 'is required';
        break;
      case 'dependentRequired':
        p = `${p}/${String(params.missingProperty)}`;
        message = `is required when ${String(params.property)} is given`;
        break;
      case 'additionalProperties':
        p = `${p}/${String(params.additionalProperty)}`;
        message = 'is not a known field here';
        break;
      case 'false schema':
        message = 'is not allowed here';
        break;
      case 'discriminator':
        p = `${p}/${String(params.tag)}`;
        message = params.error === 'mapping' ? 'is not one of the known values' : 'is required';
        break;
      case 'enum':
        message = `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `must be ${JSON.stringify(params.allowedValue)}`;
        break;
      case 'oneOf':
        if (codeLists.has(p)) {
          message = `must be one of: ${codeListValues(e.parentSchema)!.join(', ')}`;
          break;
        }
        if (errs && errs.length > 1) continue; // the branch errors say more than the combinator
        break;
      case 'if':
      case 'anyOf':
        if (errs && errs.length > 1) continue; // the branch errors say more than the combinator
        break;
      default:
        break;
    }
    if (typeof e.parentSchema?.description === 'string' && ['pattern', 'format'].includes(e.keyword)) {
      message = `${message} (${e.parentSchema.description})`;
    }
    const key = `${p}|${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ path: p || '/', message });
    }
  }
  return out;
}

/** The schemas registry: one ajv instance, every schema compiled once at start. */
export class SchemaRegistry {
  readonly documents: SchemaDocument[];
  private readonly ajv: Ajv2020;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(dir = SCHEMAS_DIR) {
    this.documents = loadSchemaDocuments(dir);
    this.ajv = new Ajv2020({
      allErrors: true,
      strict: true,
      strictRequired: false,
      verbose: true,
      discriminator: true,
    });
    addFormats(this.ajv, ['date', 'date-time', 'email', 'uri']);
    // annotations of the iJw message schemas: the XML namespace of an element's children
    this.ajv.addKeyword({ keyword: 'x-xml-namespace', schemaType: 'string' });
    this.ajv.addKeyword({ keyword: 'x-xml-namespace-uri', schemaType: 'string' });
    this.ajv.addFormat('bsn', {
      type: 'string',
      validate: (v: string) => /^\d{8,9}$/.test(v) && isValidBsn(normaliseBsn(v)),
    });
    for (const doc of this.documents) this.ajv.addSchema(doc);
    for (const doc of this.documents) {
      if (!doc.$id.startsWith('common/')) this.validators.set(doc.$id, this.ajv.getSchema(doc.$id) as ValidateFunction);
    }
  }

  /** The schema document with this id, or undefined. */
  get(id: string): SchemaDocument | undefined {
    return this.documents.find((d) => d.$id === id);
  }

  /** Throws when no schema has this id (routes call it at start, not at the first request). */
  assertKnown(id: string): void {
    if (!this.validators.has(id)) throw new Error(`unknown schema ${id}`);
  }

  /** Validates data against a definition inside a schema, e.g. `common/codes.v1.json#/$defs/endReason`. */
  validateRef(ref: string, data: unknown): FieldError[] {
    const fn = this.ajv.getSchema(ref);
    if (!fn) throw new Error(`unknown schema reference ${ref}`);
    return fn(data) ? [] : toFieldErrors(fn.errors);
  }

  /** Validates data against a schema; returns the field errors (empty when valid). */
  validate(id: string, data: unknown): FieldError[] {
    const fn = this.validators.get(id);
    if (!fn) throw new Error(`unknown schema ${id}`);
    return fn(data) ? [] : toFieldErrors(fn.errors);
  }
}
