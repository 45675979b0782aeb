import Koa from 'koa';
import Router from '@koa/router';
import cors from '@koa/cors';
import helmet from 'koa-helmet';
import type { AppState } from './middlewares/state';
import { requestId, requestLogger } from './middlewares/request-context';
import { problemErrors } from './middlewares/errors';
import type { RouteDeps } from './routes/deps';
import { healthRouter } from './routes/health/health.router';
import { tokensRouter } from './routes/tokens/tokens.router';
import { providersRouter } from './routes/providers/providers.router';
import { teamsRouter } from './routes/teams/teams.router';
import { contractsRouter } from './routes/contracts/contracts.router';
import { allocationsRouter } from './routes/allocations/allocations.router';
import { auditEventsRouter } from './routes/audit-events/audit-events.router';
import { evaluationsRouter } from './routes/evaluations/evaluations.router';
import { extensionRequestsRouter } from './routes/extension-requests/extension-requests.router';
import { quarterlyReportsRouter } from './routes/quarterly-reports/quarterly-reports.router';
import { obligationsRouter } from './routes/obligations/obligations.router';
import { docsRouter } from './routes/docs/docs.router';
import { flagsRouter } from './routes/flags/flags.router';
import { jobsRouter } from './routes/jobs/jobs.router';
import { kpisRouter } from './routes/kpis/kpis.router';
import { reviewsRouter } from './routes/reviews/reviews.router';
import { rateLimits } from './middlewares/rate-limit';
import { experienceRatingsRouter } from './routes/experience-ratings/experience-ratings.router';

/** Builds the Koa application (does not listen: tests and server.ts both use it). */
export function createApp(deps: RouteDeps): Koa<AppState> {
  // Behind a proxy, only the nearest proxy's word counts: the last X-Forwarded-For entry (a client can write the others).
  const app = new Koa<AppState>({ proxy: deps.config.trustProxy, maxIpsCount: 1 });
  app.silent = true; // errors are logged by our middleware, with the request id
  app.use(requestId);
  app.use(requestLogger(deps.logger, deps.metrics));
  app.use(problemErrors);
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
  const root = new Router<AppState>();
  const routers = [
    healthRouter(deps.database, deps.metrics, deps.config.metricsToken, deps.engineState),
    tokensRouter(deps),
    providersRouter(deps),
    teamsRouter(deps),
    contractsRouter(deps),
    allocationsRouter(deps),
    auditEventsRouter(deps),
    evaluationsRouter(deps),
    extensionRequestsRouter(deps),
    quarterlyReportsRouter(deps),
    obligationsRouter(deps),
    flagsRouter(deps),
    kpisRouter(deps),
    reviewsRouter(deps),
    experienceRatingsRouter(deps),
    jobsRouter(deps),
    docsRouter(deps),
  ];
  for (const router of routers) {
    root.use(router.routes());
  }
  app.use(root.routes());
  app.use(root.allowedMethods());
  return app;
}
