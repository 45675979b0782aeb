import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateQuery } from '../../middlewares/validate';
import { presentEvaluation } from '../../presenters/intake.presenter';
import type { EvaluationFilters, EvaluationInput } from '../../services/evaluations.service';
import { actorOf, bodyOf, queryParam } from '../context';
import { createChain } from '../create';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

/** Evaluation reports: providers submit their own; providers, consultants (team) and admins read. */
export function evaluationsRouter(deps: RouteDeps): AppRouter {
  const { services, registry } = deps;
  const router = new Router<AppState>({ prefix: '/v1/evaluations' });
  router.use(authenticate(services.tokens));

  router.post('/', requireRole('provider'), ...createChain(deps, 'evaluation.v1.json'), async (ctx) => {
    const doc = await services.evaluations.submit(actorOf(ctx), bodyOf<EvaluationInput>(ctx));
    ctx.status = 201;
    ctx.set('Location', `/v1/evaluations/${encodeURIComponent(doc._id)}`);
    ctx.body = presentEvaluation(doc);
  });

  router.get(
    '/',
    requireRole('provider', 'consultant', 'admin'),
    validateQuery(registry, 'evaluation-query.v1.json'),
    async (ctx) => {
      const page = readPageRequest(ctx);
      const filters: EvaluationFilters = {};
      for (const key of ['allocationNumber', 'periodFrom', 'periodTo', 'status'] as const) {
        const value = queryParam(ctx, key);
        if (value !== undefined) (filters as Record<string, string>)[key] = value;
      }
      const docs = await services.evaluations.list(actorOf(ctx), filters, page.limit, page.after);
      ctx.body = toPage(docs, page, (d) => d._id, presentEvaluation);
    },
  );

  router.get('/:id', requireRole('provider', 'consultant', 'admin'), async (ctx) => {
    ctx.body = presentEvaluation(await services.evaluations.get(actorOf(ctx), ctx.params.id ?? ''));
  });
  return router;
}
