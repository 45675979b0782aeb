/**
 * Bundles a published JSON Schema and the schemas it refers to into one document with
 * local references only (`#/$defs/...`), which is what a form library resolves. Pure:
 * the build (precompiled validators) and the browser (the form) bundle the same way,
 * so both hold the very same document.
 */
export type JsonSchema = { [key: string]: unknown };

/** Loads one published schema by its `$id` (a file name under schemas/, e.g. `common/codes.v1.json`). */
export type SchemaLoader = (id: string) => JsonSchema | Promise<JsonSchema>;

const pointerGet = (doc: unknown, pointer: string): unknown =>
  pointer
    .split('/')
    .filter(Boolean)
    .reduce<unknown>(
      (node, part) => (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')],
      doc,
    );

/** The `$id`s a schema refers to besides itself (for loading them first). */
export function externalIds(schema: unknown, own: string, found = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const v of schema) externalIds(v, own, found);
  else if (schema && typeof schema === 'object') {
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref' && typeof v === 'string') {
        const file = v.split('#')[0] ?? '';
        if (file && file !== own) found.add(file);
      } else externalIds(v, own, found);
    }
  }
  return found;
}

/** Loads a schema and everything it refers to, then bundles them into one document. */
export async function loadBundled(id: string, load: SchemaLoader): Promise<JsonSchema> {
  const docs = new Map<string, JsonSchema>();
  const queue = [id];
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (docs.has(next)) continue;
    const doc = await load(next);
    docs.set(next, doc);
    for (const ref of externalIds(doc, next)) if (!docs.has(ref)) queue.push(ref);
  }
  return bundle(id, docs);
}

/** Bundles `rootId` with the loaded documents; a reference into another file becomes a `$defs` entry of the root. */
export function bundle(rootId: string, docs: ReadonlyMap<string, JsonSchema>): JsonSchema {
  const defs: Record<string, unknown> = {};
  const keyOf = (file: string, pointer: string) =>
    `${file.replace(/\.json$/, '').replace(/[^A-Za-z0-9]+/g, '_')}${pointer.replace(/[^A-Za-z0-9]+/g, '_')}`;
  const rewrite = (node: unknown, base: string): unknown => {
    if (Array.isArray(node)) return node.map((v) => rewrite(v, base));
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') {
        const [fileRaw = '', pointer = ''] = v.split('#');
        const file = fileRaw || base;
        if (file === rootId) {
          out.$ref = `#${pointer}`;
          continue;
        }
        const key = keyOf(file, pointer);
        if (!(key in defs)) {
          defs[key] = {}; // placeholder first: a reference cycle ends here
          const doc = docs.get(file);
          if (!doc) throw new Error(`${rootId}: the schema ${file} it refers to is not loaded`);
          defs[key] = rewrite(pointerGet(doc, pointer), file);
        }
        out.$ref = `#/$defs/${key}`;
      } else out[k] = rewrite(v, base);
    }
    return out;
  };
  const root = docs.get(rootId);
  if (!root) throw new Error(`${rootId} is not loaded`);
  const { $schema: _schema, ...rest } = rewrite(root, rootId) as JsonSchema;
  return { ...rest, $defs: { ...(rest.$defs ?? {}), ...defs } };
}
