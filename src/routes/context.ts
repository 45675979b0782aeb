import { principalOf } from '../middlewares/auth';
import type { AppContext } from '../middlewares/state';
import type { Payload, SchemaId } from '../payloads/payloads';
import { apiActor, type Actor } from '../services/actor';

/** The actor of this request, for services that scope and audit. */
export function actorOf(ctx: AppContext): Actor {
  const actor = apiActor(principalOf(ctx), ctx.state.requestId, ctx.ip);
  return ctx.state.resumingClaim ? { ...actor, resuming: true } : actor;
}

/**
 * The request body, typed by the schema that validated it (the type is generated
 * from that schema). Throws when the route validated the body with another schema or
 * none: a handler cannot read a body under a type its route does not check.
 */
export function bodyOf<Id extends SchemaId>(ctx: AppContext, schemaId: Id): Payload<Id> {
  if (ctx.state.bodySchema !== schemaId)
    throw new Error(`the handler reads its body as ${schemaId}, its route validated ${ctx.state.bodySchema ?? 'none'}`);
  return ctx.request.body as Payload<Id>;
}

/** A single query parameter as a string (the schema made sure there is at most one). */
export function queryParam(ctx: AppContext, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The named query parameters that were given, as a list's filters (the route's query
 * schema has checked their values against the filter's types).
 */
export function queryFilters<F extends object>(ctx: AppContext, keys: readonly (keyof F & string)[]): F {
  const filters: Record<string, string> = {};
  for (const key of keys) {
    const value = queryParam(ctx, key);
    if (value !== undefined) filters[key] = value;
  }
  return filters as F;
}
