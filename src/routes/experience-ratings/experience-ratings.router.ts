import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { presentExperienceRating } from '../../presenters/kpi.presenter';
import type { ExperienceRatingInput } from '../../services/experience-ratings.service';
import { actorOf, bodyOf } from '../context';
import { createChain } from '../create';
import type { RouteDeps } from '../deps';

/** POST /v1/experience-ratings: a consultant rates a provider the team works with, once per quarter. */
export function experienceRatingsRouter(deps: RouteDeps): AppRouter {
  const { services } = deps;
  const router = new Router<AppState>({ prefix: '/v1/experience-ratings' });
  router.use(authenticate(services.tokens));

  router.post('/', requireRole('consultant'), ...createChain(deps, 'experience-rating.v1.json'), async (ctx) => {
    const doc = await services.experienceRatings.rate(actorOf(ctx), bodyOf<ExperienceRatingInput>(ctx));
    ctx.status = 201;
    ctx.body = presentExperienceRating(doc);
  });
  return router;
}
