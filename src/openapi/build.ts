import path from 'node:path';
import type { SchemaDocument, SchemaRegistry } from '../validation/schemas';
import { ROUTES } from '../routes';
import { pathParamsOf, rolesOf, type RouteDeclaration } from '../routes/route';

type Json = Record<string, unknown>;

/** The component name of a schema file: `common/codes.v1.json` -> `common.codes.v1`. */
export function componentName(id: string): string {
  return id.replace(/\.json$/, '').replace(/\//g, '.');
}

/** Where a `$ref` points once its schema's `$defs` are components of their own. */
function targetOf(fromId: string, ref: string): string {
  const [file, pointer = ''] = ref.split('#');
  const base = componentName(file ? path.posix.join(path.posix.dirname(fromId), file) : fromId);
  const def = /^\/\$defs\/([^/]+)(.*)$/.exec(pointer);
  return def ? `#/components/schemas/${base}.${def[1]}${def[2]}` : `#/components/schemas/${base}${pointer}`;
}

/** Rewrites every `$ref` in a schema (or part of one) of file `fromId` to its component. */
function rewriteRefs(fromId: string, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(fromId, n));
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') out[key] = targetOf(fromId, value);
    else out[key] = key === 'examples' ? value : rewriteRefs(fromId, value);
  }
  return out;
}

/**
 * The components of one schema file: the schema itself (unless it only holds
 * definitions) and each of its `$defs` as `<file>.<name>`, every `$ref` rewritten.
 */
function toComponents(doc: SchemaDocument): [string, Json][] {
  const { $id, $schema: _schema, $defs, ...rest } = doc as SchemaDocument & { $defs?: Record<string, unknown> };
  const name = componentName($id);
  const out: [string, Json][] = Object.entries($defs ?? {}).map(([def, schema]) => [
    `${name}.${def}`,
    rewriteRefs($id, schema) as Json,
  ]);
  const holdsOnlyDefs = Object.keys(rest).every((k) => ['title', 'description'].includes(k));
  if (!holdsOnlyDefs) out.unshift([name, rewriteRefs($id, rest) as Json]);
  return out;
}

const PROBLEMS: Record<number, string> = {
  400: 'Malformed JSON or query (problem+json)',
  401: 'Missing or bad bearer token (problem+json)',
  403: 'Your role may not do this (problem+json)',
  404: 'Not found, or outside your scope (problem+json)',
  409: 'Conflicts with the current state or a duplicate (problem+json)',
  413: 'Body over the limit (problem+json)',
  415: 'Wrong content type (problem+json)',
  422: 'Schema or rule violation, each failing field with its JSON Pointer path (problem+json)',
};

/** The JSON body schema a route declares, if any. */
function bodySchemaOf(op: RouteDeclaration): string | undefined {
  return op.body && typeof op.body !== 'string' ? op.body.schema : undefined;
}

function problemsOf(op: RouteDeclaration): number[] {
  const codes = new Set<number>([400]);
  if (rolesOf(op)) codes.add(401).add(403);
  if (pathParamsOf(op).length > 0 || op.method !== 'get') codes.add(404);
  if (op.method !== 'get') codes.add(409).add(413).add(415).add(422);
  return [...codes].sort();
}

function parameters(op: RouteDeclaration, registry: SchemaRegistry): Json[] {
  const params: Json[] = pathParamsOf(op).map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }));
  if (op.query) {
    const schema = registry.get(op.query);
    const inline = schema ? ((rewriteRefs(schema.$id, schema) as Json).properties as Record<string, Json>) : {};
    for (const [name, prop] of Object.entries(inline)) {
      params.push({
        name,
        in: 'query',
        required: false,
        description: prop.description ?? `filter by ${name}`,
        schema: prop,
      });
    }
  }
  if (op.returns === 'page') {
    params.push({
      name: 'limit',
      in: 'query',
      required: false,
      description: 'page size, 1-500',
      schema: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
    });
    params.push({
      name: 'cursor',
      in: 'query',
      required: false,
      description: 'the nextCursor of the previous page',
      schema: { type: 'string' },
    });
  }
  if (op.idempotent) {
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'a replay with the same key and body returns the first answer; the same key with another body is 422 idempotency-key-reused',
      schema: { type: 'string', maxLength: 255 },
    });
  }
  return params;
}

const CSV_CONTENT = {
  schema: {
    type: 'string',
    description: 'UTF-8 with BOM, ; separated, decimal comma, CRLF line ends (opens in Excel with Dutch settings)',
  },
};

function successContent(op: RouteDeclaration): Json | undefined {
  if (op.returns === 'none') return undefined;
  if (op.returns === 'text') return { 'text/plain': { schema: { type: 'string' } } };
  if (op.returns === 'csv') return { 'text/csv': CSV_CONTENT };
  if (op.returns === 'page')
    return {
      'application/json': { schema: { $ref: '#/components/schemas/Page' } },
      ...(op.csv ? { 'text/csv': CSV_CONTENT } : {}),
    };
  return { 'application/json': { schema: { type: 'object' } } };
}

/** Builds the OpenAPI 3.1 document from schemas/ and the route declarations. */
export function buildOpenApi(
  registry: SchemaRegistry,
  version: string,
  routes: readonly RouteDeclaration[] = ROUTES,
): Json {
  // query schemas become inline parameters; every other schema is a component
  const schemas: Json = Object.fromEntries(
    registry.documents.filter((d) => !d.$id.endsWith('-query.v1.json')).flatMap(toComponents),
  );
  schemas.Problem = {
    type: 'object',
    description: 'RFC 9457 problem details; `type` names the problem (`/problems/<id>`)',
    required: ['type', 'title', 'status', 'detail'],
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      instance: { type: 'string' },
      errors: {
        type: 'array',
        items: {
          type: 'object',
          required: ['path', 'message'],
          properties: { path: { type: 'string', description: 'JSON Pointer' }, message: { type: 'string' } },
        },
      },
    },
  };
  schemas.Page = {
    type: 'object',
    required: ['items', 'nextCursor'],
    properties: {
      items: { type: 'array', items: { type: 'object' } },
      nextCursor: { type: ['string', 'null'], description: 'pass as ?cursor= for the next page; null on the last' },
    },
  };

  const paths: Record<string, Json> = {};
  for (const op of routes) {
    const roles = rolesOf(op);
    const body = bodySchemaOf(op);
    const responses: Json = {
      [String(op.success)]: { description: op.summary, ...(successContent(op) ? { content: successContent(op) } : {}) },
    };
    for (const code of problemsOf(op))
      responses[String(code)] = {
        description: PROBLEMS[code],
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    const operation: Json = {
      operationId: op.operationId,
      summary: op.summary,
      description: roles ? `Roles: ${roles.join(', ')}.` : 'No token needed.',
      tags: [op.tag],
      'x-roles': roles ?? [],
      parameters: parameters(op, registry),
      responses,
      security: roles ? [{ bearer: [] }] : [],
    };
    if (body) {
      const schema = registry.get(body);
      operation.requestBody = {
        required: true,
        content: {
          'application/json': {
            schema: { $ref: `#/components/schemas/${componentName(body)}` },
            ...(schema?.examples?.[0] ? { example: schema.examples[0] } : {}),
          },
        },
      };
    } else if (op.body === 'xml') {
      operation.requestBody = {
        required: true,
        description:
          'One iJw 3.2 message as XML: JW301, JW305 or JW307. Each is read into the JSON shape of its schema (ijw-jw301.v1.json, ijw-jw305.v1.json, ijw-jw307.v1.json) and validated against it; errors name XML element paths.',
        content: {
          'application/xml': {
            schema: {
              anyOf: ['ijw-jw301.v1.json', 'ijw-jw305.v1.json', 'ijw-jw307.v1.json'].map((id) => ({
                $ref: `#/components/schemas/${componentName(id)}`,
              })),
            },
          },
        },
      };
    } else if (op.body === 'import') {
      operation.requestBody = {
        required: true,
        content: { 'text/csv': { schema: { type: 'string' } }, 'application/x-ndjson': { schema: { type: 'string' } } },
      };
    }
    paths[op.path] = { ...paths[op.path], [op.method]: operation };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Youth-care exchange hub',
      version,
      summary:
        'Evaluation reports, extension requests, flags and KPIs between Dutch municipalities and youth-care providers.',
      description:
        'Every payload is validated against the JSON Schemas below (also at GET /v1/schemas). Errors are RFC 9457 problem+json. The API follows the Dutch API Design Rules (Logius ADR 2.1); a schema violation is 422 with every failing field (see docs/integrators.md, "Dutch API Design Rules").',
      contact: {
        name: 'Youth-care exchange hub maintainers',
        url: 'https://github.com/youthcare-hub/youthcare-hub',
        email: 'hub@youthcare-hub.example',
      },
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    servers: [{ url: '/', description: 'this hub' }],
    tags: [...new Set(routes.map((o) => o.tag))].map((name) => ({ name, description: `${name} endpoints` })),
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token from POST /v1/tokens or `hub token create`' },
      },
    },
  };
}
