import Router from '@koa/router';
import { authenticate, authorizeRoute, principalOf } from '../middlewares/auth';
import { assertMayReadCases, CASE_LEVEL_OPERATIONS } from '../policies/registration.policy';
import { jsonBody, xmlBody } from '../middlewares/body';
import { idempotent } from '../middlewares/idempotency';
import type { AppMiddleware, AppRouter, AppState } from '../middlewares/state';
import { validateBody, validateQuery } from '../middlewares/validate';
import type { Permission } from '../policies/policy';
import type { RouteDeps } from './deps';

/** What a route's success answer holds (for the OpenAPI document). */
export type Returns = 'object' | 'page' | 'none' | 'text' | 'csv';

/**
 * One route, declared once: it builds the Koa route (the fixed chain auth ->
 * authorize -> body -> idempotency -> validate -> handler) and its operation in the
 * OpenAPI document.
 */
export interface RouteDeclaration {
  method: 'get' | 'post' | 'patch';
  /** The path as the OpenAPI document writes it (`/v1/allocations/{allocationNumber}`). */
  path: string;
  /** The router's path when it is not the OpenAPI path with `{x}` as `:x` (a wildcard, say). */
  routerPath?: string;
  operationId: string;
  tag: string;
  summary: string;
  /** Who may call it: a policy's permission, or `public` (no token). */
  allow: Permission | 'public';
  /**
   * The JSON body: its schema under schemas/ (`optional`: an empty body is `{}`);
   * `import`: the handler streams it; `xml`: one XML document (`ctx.request.body` is its text).
   */
  body?: { schema?: string; optional?: boolean } | 'import' | 'xml';
  /** The query's schema under schemas/. */
  query?: string;
  /** A replay with the same Idempotency-Key gets the first answer (needs a JSON body). */
  idempotent?: boolean;
  success: number;
  returns: Returns;
  /** Also answers `text/csv` when the request's Accept header prefers it (content negotiation). */
  csv?: boolean;
  /** The handler, given what routes need. */
  handler: (deps: RouteDeps) => AppMiddleware;
}

/** The path parameters of a declared path, in order. */
export function pathParamsOf(route: Pick<RouteDeclaration, 'path'>): string[] {
  return [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/** The roles a declaration admits, or null for a public route. */
export function rolesOf(route: Pick<RouteDeclaration, 'allow'>): readonly string[] | null {
  return route.allow === 'public' ? null : route.allow.roles;
}

/** The middleware chain of one declared route, handler last. */
function chainOf(deps: RouteDeps, route: RouteDeclaration): AppMiddleware[] {
  const chain: AppMiddleware[] = [];
  if (route.allow !== 'public')
    chain.push(
      authenticate(deps.services.tokens, deps.services.signIn, deps.config.publicUrl),
      authorizeRoute(route.allow),
    );
  if (route.allow !== 'public' && CASE_LEVEL_OPERATIONS.has(route.operationId))
    chain.push(async (ctx, next) => {
      assertMayReadCases(principalOf(ctx), deps.config.requireRegistration);
      await next();
    });
  const body = route.body;
  if (body === 'xml') chain.push(xmlBody(deps.config.bodyLimit));
  else if (body && body !== 'import') chain.push(jsonBody(deps.config.bodyLimit, body.optional ?? false));
  if (route.idempotent) {
    if (!body || typeof body === 'string' || !body.schema)
      throw new Error(`${route.operationId}: an idempotent route needs a JSON body with a schema`);
    chain.push(idempotent(deps.services.idempotency));
  }
  if (body && typeof body !== 'string' && body.schema) chain.push(validateBody(deps.registry, body.schema));
  if (route.query) chain.push(validateQuery(deps.registry, route.query));
  chain.push(route.handler(deps));
  return chain;
}

/** Builds one Koa router from route declarations, in their order. */
export function buildRouter(deps: RouteDeps, routes: readonly RouteDeclaration[]): AppRouter {
  const router = new Router<AppState>({ strict: true });
  for (const route of routes) {
    const routerPath = route.routerPath ?? route.path.replace(/\{(\w+)\}/g, ':$1');
    router[route.method](routerPath, ...chainOf(deps, route));
  }
  return router;
}
