import { errors } from '../errors';
import type { SchemaRegistry } from '../validation/schemas';
import type { AppMiddleware } from './state';

/** Validates the parsed body against a schema from schemas/; 422 listing every failing field. */
export function validateBody(registry: SchemaRegistry, schemaId: string): AppMiddleware {
  registry.assertKnown(schemaId);
  return async (ctx, next) => {
    const failures = registry.validate(schemaId, ctx.request.body);
    if (failures.length > 0) throw errors.validation(failures, `The body does not match ${schemaId}.`);
    ctx.state.bodySchema = schemaId;
    await next();
  };
}

/**
 * Validates the query string against a schema from schemas/ (every value a string,
 * `limit` and `cursor` left to pagination); 400 listing every bad parameter.
 */
export function validateQuery(registry: SchemaRegistry, schemaId: string): AppMiddleware {
  registry.assertKnown(schemaId);
  return async (ctx, next) => {
    const { limit: _limit, cursor: _cursor, ...params } = ctx.query;
    const failures = registry.validate(schemaId, params);
    if (failures.length > 0)
      throw errors.badRequest('invalid-query', `The query does not match ${schemaId}.`, failures);
    await next();
  };
}
