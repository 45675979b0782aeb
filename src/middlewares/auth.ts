import type { Role } from '../db/documents';
import { errors } from '../errors';
import type { TokensService, Principal } from '../services/tokens.service';
import type { AppContext, AppMiddleware } from './state';

/** Requires a valid, unrevoked bearer token; sets ctx.state.principal. 401 otherwise. */
export function authenticate(tokens: TokensService): AppMiddleware {
  return async (ctx, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'));
    const principal = match?.[1] ? await tokens.authenticate(match[1]) : null;
    if (!principal) throw errors.unauthorized();
    await ctx.state.limitPrincipal?.(principal.tokenId);
    ctx.state.principal = principal;
    ctx.state.log = ctx.state.log.child({ tokenId: principal.tokenId, role: principal.role });
    await next();
  };
}

/** Allows only the given roles (403 for the others). Must follow `authenticate`. */
export function requireRole(...roles: Role[]): AppMiddleware {
  return async (ctx, next) => {
    if (!roles.includes(principalOf(ctx).role)) throw errors.forbidden();
    await next();
  };
}

/** The authenticated principal; a handler behind `authenticate` always has one. */
export function principalOf(ctx: AppContext): Principal {
  if (!ctx.state.principal) throw errors.unauthorized();
  return ctx.state.principal;
}
