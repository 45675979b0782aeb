import { errors } from '../errors';
import { authorize, type Permission } from '../policies/policy';
import type { Principal } from '../policies/principal';
import type { TokensService } from '../services/tokens/tokens.service';
import type { SignInService } from '../services/auth/sign-in.service';
import { sessionCookieName } from './session-cookie';
import type { AppContext, AppMiddleware } from './state';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Requires a caller: a system's valid, unrevoked bearer token, or a signed-in person's
 * session cookie (whose state-changing requests carry the session's anti-CSRF token in
 * `X-CSRF-Token` and come from the hub's own origin). Both at once: 400. None or a bad
 * one: 401. Sets ctx.state.principal.
 */
export function authenticate(tokens: TokensService, signIn: SignInService, publicUrl: string): AppMiddleware {
  const cookieName = sessionCookieName(publicUrl);
  const origin = new URL(publicUrl).origin;
  return async (ctx, next) => {
    const header = ctx.get('Authorization');
    const cookie = ctx.cookies.get(cookieName);
    if (header && cookie)
      throw errors.badRequest('token-and-session', 'Send a bearer token or a session cookie, not both.');
    let principal: Principal | null;
    if (cookie) {
      principal = await signIn.authenticate(cookie);
      if (!principal) throw errors.unauthorized('Your session has ended: sign in again.');
      if (!SAFE_METHODS.has(ctx.method)) {
        if (ctx.get('Origin') !== origin)
          throw errors.csrfFailed(`A change with a session must come from the hub's own pages (Origin ${origin}).`);
        if (!signIn.csrfMatches(principal.person!.sessionId, ctx.get('X-CSRF-Token')))
          throw errors.csrfFailed("A change with a session needs the session's X-CSRF-Token header.");
      }
    } else {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      principal = match?.[1] ? await tokens.authenticate(match[1]) : null;
      if (!principal) throw errors.unauthorized();
    }
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
