// Writes src/payloads/payloads.generated.ts: one TypeScript type per request schema
// under schemas/, generated with json-schema-to-typescript, so the input types the
// services take cannot drift from the schemas that validate them. Run before every
// type check and build (npm's prelint and prebuild); the output is not committed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemasDir = path.join(root, 'schemas');
const out = path.join(root, 'src', 'payloads', 'payloads.generated.ts');

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
// A code list's values carry their Dutch label as `title` ({ const, title }); the types
// keep the values only, not one named type per label.
const withoutValueTitles = (node) => {
  if (Array.isArray(node)) return node.map(withoutValueTitles);
  if (!node || typeof node !== 'object') return node;
  const copy = Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withoutValueTitles(v)]));
  if ('const' in copy) delete copy.title;
  return copy;
};
const ts = await compile(rootSchema, 'Payloads', {
  cwd: schemasDir,
  $refOptions: {
    resolve: {
      file: {
        order: 1,
        canRead: /\.json$/,
        read: (file) =>
          JSON.stringify(
            withoutValueTitles(
              JSON.parse(fs.readFileSync(file.url.startsWith('file:') ? fileURLToPath(file.url) : file.url, 'utf8')),
            ),
          ),
      },
    },
  },
  bannerComment:
    '/* Generated from schemas/ by src/payloads/generate-payload-types.mjs (json-schema-to-typescript): do not edit. */',
  additionalProperties: false,
  ignoreMinAndMaxItems: true,
  style: { singleQuote: true, printWidth: 120, trailingComma: 'all' },
});
const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : null;
if (previous !== ts) fs.writeFileSync(out, ts);
