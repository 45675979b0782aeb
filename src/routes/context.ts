import { principalOf } from '../middlewares/auth';
import type { AppContext } from '../middlewares/state';
import { apiActor, type Actor } from '../services/actor';

/** The actor of this request, for services that scope and audit. */
export function actorOf(ctx: AppContext): Actor {
  const actor = apiActor(principalOf(ctx), ctx.state.requestId, ctx.ip);
  return ctx.state.resumingClaim ? { ...actor, resuming: true } : actor;
}

/** The request body, as validated by the route's schema. */
export function bodyOf<T>(ctx: AppContext): T {
  return ctx.request.body as T;
}

/** A single query parameter as a string (the schema made sure there is at most one). */
export function queryParam(ctx: AppContext, name: string): string | undefined {
  const value = ctx.query[name];
  return Array.isArray(value) ? value[0] : value;
}
