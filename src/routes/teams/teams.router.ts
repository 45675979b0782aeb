import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { presentTeam } from '../../presenters/registry.presenter';
import type { TeamInput } from '../../services/registry.service';
import { bodyOf } from '../context';
import type { RouteDeps } from '../deps';
import { createChain } from '../create';
import { readPageRequest, toPage } from '../pagination';

/** POST and GET /v1/teams: admins keep the consultant teams and their municipalities. */
export function teamsRouter(deps: RouteDeps): AppRouter {
  const { services } = deps;
  const router = new Router<AppState>({ prefix: '/v1/teams' });
  router.use(authenticate(services.tokens), requireRole('admin'));

  router.post('/', ...createChain(deps, 'team.v1.json'), async (ctx) => {
    const doc = await services.registry.createTeam(bodyOf<TeamInput>(ctx));
    ctx.status = 201;
    ctx.set('Location', `/v1/teams/${doc._id}`);
    ctx.body = presentTeam(doc);
  });

  router.get('/', async (ctx) => {
    const page = readPageRequest(ctx);
    ctx.body = toPage(
      await services.registry.teams.page({}, page.limit + 1, page.after),
      page,
      (d) => d._id,
      presentTeam,
    );
  });
  return router;
}
