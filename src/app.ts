import Koa from 'koa';
import Router from '@koa/router';
import cors from '@koa/cors';
import helmet from 'koa-helmet';
import type { AppState } from './middlewares/state';
import { requestId, requestLogger } from './middlewares/request-context';
import { problemErrors } from './middlewares/errors';
import { apiRules } from './middlewares/api-rules';
import { API_VERSION } from './version';
import type { RouteDeps } from './routes/deps';
import { docsRouter } from './openapi/docs.router';
import { webAppRouter } from './web-app.router';
import { authRouter } from './routes/auth/auth.router';
import { rateLimits } from './middlewares/rate-limit';
import { bodyTimeout } from './middlewares/body-timeout';
import { ROUTES } from './routes';
import { buildRouter } from './routes/route';

/** Builds the Koa application (does not listen: tests and server.ts both use it). */
export function createApp(deps: RouteDeps): Koa<AppState> {
  // Behind a proxy, only the nearest proxy's word counts: the last X-Forwarded-For entry (a client can write the others).
  const app = new Koa<AppState>({ proxy: deps.config.trustProxy, maxIpsCount: 1 });
  app.silent = true; // errors are logged by our middleware, with the request id
  app.use(requestId);
  app.use(requestLogger(deps.logger, deps.metrics));
  app.use(apiRules(API_VERSION));
  app.use(problemErrors);
  app.use(bodyTimeout(deps.config.bodyIdleTimeoutMs, deps.logger));
  app.use(helmet());
  app.use(rateLimits(deps.config));
  if (deps.config.corsOrigins.length > 0) {
    const allowed = new Set(deps.config.corsOrigins);
    app.use(
      cors({
        origin: (ctx) => (allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : ''),
        exposeHeaders: ['X-Request-Id', 'Location'],
      }),
    );
  }
  const root = new Router<AppState>({ strict: true }); // no trailing slashes: /v1/flags/ is 404 (ADR API-48)
  // every declared endpoint, then the document's own pages, then the web app
  for (const router of [buildRouter(deps, ROUTES), authRouter(deps), docsRouter(deps), webAppRouter()])
    root.use(router.routes());
  app.use(root.routes());
  app.use(root.allowedMethods());
  return app;
}
