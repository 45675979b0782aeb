import { errors } from '../errors';
import type { SchemaRegistry } from '../validation/schemas';
import type { AppMiddleware } from './state';

/** Validates the parsed body against a schema from schemas/; 422 listing every failing field. */
export function validateBody(registry: SchemaRegistry, schemaId: string): AppMiddleware {
  registry.assertKnown(schemaId);
  return async (ctx, next) => {
    const failures = registry.validate(schemaId, ctx.request.body);
    if (failures.length > 0) throw errors.validation(failures, `The body does not match ${schemaId}.`);
    await next();
  };
}
