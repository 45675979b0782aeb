import { errors } from '../../errors';
import { operationsPolicy } from '../../policies/operations.policy';
import type { SchemaDocument } from '../../validation/schemas';
import type { RouteDeclaration } from '../route';

const tag = 'Schemas';

/** An evaluation form's version (its `formVersion` const), for the list: each live form version by its number. */
function formVersionOf(doc: SchemaDocument): { formVersion?: string } {
  const version = (doc.properties as { formVersion?: { const?: unknown } } | undefined)?.formVersion?.const;
  return typeof version === 'string' ? { formVersion: version } : {};
}

/** GET /v1/schemas[/{id}]: the JSON Schemas providers validate against, the very files the hub validates with. */
export const schemaRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/v1/schemas',
    operationId: 'listSchemas',
    tag,
    summary: 'The JSON Schemas providers validate against',
    allow: operationsPolicy.allow('readSchemas'),
    success: 200,
    returns: 'object',
    handler:
      ({ registry }) =>
      (ctx) => {
        ctx.body = {
          items: registry.documents.map((d) => ({
            id: d.$id,
            title: d.title ?? d.$id,
            description: d.description ?? null,
            url: `/v1/schemas/${d.$id}`,
            ...formVersionOf(d),
          })),
          nextCursor: null,
        };
      },
  },
  {
    method: 'get',
    path: '/v1/schemas/{id}',
    routerPath: '/v1/schemas/*id',
    operationId: 'getSchema',
    tag,
    summary: 'One JSON Schema, by its $id',
    allow: operationsPolicy.allow('readSchemas'),
    success: 200,
    returns: 'object',
    handler:
      ({ registry }) =>
      (ctx) => {
        const doc = registry.get(ctx.params.id ?? '');
        if (!doc) throw errors.notFound('No schema with this id.');
        ctx.type = 'application/schema+json';
        ctx.body = doc;
      },
  },
];
