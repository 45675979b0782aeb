// Writes src/validation/payloads.generated.ts: one TypeScript type per request schema
// under schemas/, generated with json-schema-to-typescript, so the input types the
// services take cannot drift from the schemas that validate them. Run before every
// type check and build (npm's prelint and prebuild); the output is not committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemasDir = path.join(root, 'schemas');
const out = path.join(root, 'src', 'validation', 'payloads.generated.ts');

// every request body and query schema (shared definitions come in through their $refs)
const ids = fs
  .readdirSync(schemasDir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const rootSchema = {
  title: 'Payloads',
  description: 'Each request schema under schemas/, by its $id, as the TypeScript type of a payload that passed it.',
  type: 'object',
  properties: Object.fromEntries(ids.map((id) => [id, { $ref: id }])),
  required: ids,
  additionalProperties: false,
};
const ts = await compile(rootSchema, 'Payloads', {
  cwd: schemasDir,
  bannerComment:
    '/* Generated from schemas/ by src/validation/generate-payload-types.mjs (json-schema-to-typescript): do not edit. */',
  additionalProperties: false,
  ignoreMinAndMaxItems: true,
  style: { singleQuote: true, printWidth: 120, trailingComma: 'all' },
});
const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
if (previous !== ts) fs.writeFileSync(out, ts);
