import crypto from 'node:crypto';
import Router from '@koa/router';
import type { Database } from '../../db/client';
import type { EngineState } from '../../engine/embedded';
import { errors } from '../../errors';
import type { Metrics } from '../../metrics';
import type { AppRouter, AppState } from '../../middlewares/state';

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/**
 * GET /healthz (process up, and its embedded engine not given up on), GET /readyz
 * (database answers), GET /metrics (Prometheus).
 */
export function healthRouter(
  database: Database,
  metrics: Metrics,
  metricsToken: string | undefined,
  engineState?: () => EngineState,
): AppRouter {
  const router = new Router<AppState>();
  router.get('/healthz', (ctx) => {
    if (engineState?.() === 'failed')
      throw errors.unavailable('The embedded database engine stopped and cannot be restarted; see the log.');
    ctx.body = { status: 'ok', ...(engineState ? { engine: engineState() } : {}) };
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
