import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateQuery } from '../../middlewares/validate';
import type { ObligationFilters } from '../../services/obligations.service';
import { actorOf, queryParam } from '../context';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

/** GET /v1/obligations: what is due, soonest first (a provider's to-do list). */
export function obligationsRouter({ services, registry }: RouteDeps): AppRouter {
  const router = new Router<AppState>({ prefix: '/v1/obligations' });
  router.use(authenticate(services.tokens), requireRole('provider', 'consultant', 'contract_manager', 'admin'));

  router.get('/', validateQuery(registry, 'obligation-query.v1.json'), async (ctx) => {
    const page = readPageRequest(ctx);
    const filters: ObligationFilters = {};
    for (const key of ['status', 'kind', 'providerAgbCode', 'allocationNumber'] as const) {
      const value = queryParam(ctx, key);
      if (value !== undefined) (filters as Record<string, string>)[key] = value;
    }
    const all = await services.obligations.list(actorOf(ctx), filters);
    const start = page.after ? all.findIndex((o) => `${o.dueDate}|${o.id}` === page.after) + 1 : 0;
    ctx.body = toPage(
      all.slice(start, start + page.limit + 1),
      page,
      (o) => `${o.dueDate}|${o.id}`,
      (o) => o,
    );
  });
  return router;
}
