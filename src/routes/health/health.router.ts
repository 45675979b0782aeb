import crypto from 'node:crypto';
import Router from '@koa/router';
import type { Database } from '../../db/client';
import { errors } from '../../errors';
import type { Metrics } from '../../metrics';
import type { AppRouter, AppState } from '../../middlewares/state';

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/** GET /healthz (process up), GET /readyz (database answers), GET /metrics (Prometheus). */
export function healthRouter(database: Database, metrics: Metrics, metricsToken: string | undefined): AppRouter {
  const router = new Router<AppState>();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    if (!(await database.ping(2000))) throw errors.unavailable('The database does not answer.');
    ctx.body = { status: 'ready' };
  });
  router.get('/metrics', async (ctx) => {
    if (metricsToken) {
      const presented = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'))?.[1] ?? '';
      if (!sameSecret(presented, metricsToken)) throw errors.unauthorized();
    }
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
