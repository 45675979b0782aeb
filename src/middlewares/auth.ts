import { errors } from '../errors';
import { authorize, type Permission } from '../policies/policy';
import type { Principal } from '../policies/principal';
import type { TokensService } from '../services/access/tokens.service';
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

/** Allows only the roles the permission names (403 for the others). Must follow `authenticate`. */
export function authorizeRoute(permission: Permission): AppMiddleware {
  return async (ctx, next) => {
    authorize(principalOf(ctx), permission);
    await next();
  };
}

/** The authenticated principal; a handler behind `authenticate` always has one. */
export function principalOf(ctx: AppContext): Principal {
  if (!ctx.state.principal) throw errors.unauthorized();
  return ctx.state.principal;
}
