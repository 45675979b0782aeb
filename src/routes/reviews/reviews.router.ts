import Router from '@koa/router';
import { errors } from '../../errors';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateQuery } from '../../middlewares/validate';
import { presentReview } from '../../presenters/kpi.presenter';
import type { ReviewInput } from '../../services/reviews.service';
import { actorOf, bodyOf, queryParam } from '../context';
import { createChain } from '../create';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

/** Contract management reviews: contract managers record talks with providers and tick off the improvement actions. */
export function reviewsRouter(deps: RouteDeps): AppRouter {
  const { services, registry } = deps;
  const router = new Router<AppState>({ prefix: '/v1/reviews' });
  router.use(authenticate(services.tokens));

  router.post('/', requireRole('contract_manager'), ...createChain(deps, 'review.v1.json'), async (ctx) => {
    const doc = await services.reviews.create(actorOf(ctx), bodyOf<ReviewInput>(ctx));
    ctx.status = 201;
    ctx.set('Location', `/v1/reviews/${doc._id}`);
    ctx.body = presentReview(doc);
  });

  router.get('/', requireRole('contract_manager'), validateQuery(registry, 'review-query.v1.json'), async (ctx) => {
    const page = readPageRequest(ctx);
    const reviews = await services.reviews.list(actorOf(ctx), queryParam(ctx, 'providerAgbCode'));
    const key = (r: { date: string; _id: string }) => `${r.date}|${r._id}`;
    const start = page.after ? reviews.findIndex((r) => key(r) === page.after) + 1 : 0;
    ctx.body = toPage(reviews.slice(start, start + page.limit + 1), page, key, presentReview);
  });

  router.get('/:id', requireRole('contract_manager'), async (ctx) => {
    ctx.body = presentReview(await services.reviews.get(ctx.params.id ?? ''));
  });

  router.post('/:id/actions/:n/complete', requireRole('contract_manager'), async (ctx) => {
    const n = Number(ctx.params.n);
    if (!Number.isInteger(n) || n < 1) throw errors.notFound('No such review action.');
    ctx.body = presentReview(await services.reviews.completeAction(actorOf(ctx), ctx.params.id ?? '', n));
  });
  return router;
}
