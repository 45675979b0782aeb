import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { presentScorecard } from '../../presenters/kpi.presenter';
import { presentProvider } from '../../presenters/registry.presenter';
import type { ProviderInput } from '../../services/registry.service';
import { actorOf, bodyOf } from '../context';
import type { RouteDeps } from '../deps';
import { createChain } from '../create';
import { readPageRequest, toPage } from '../pagination';

/** POST /v1/providers (admin); GET list and one (admin, contract manager); a provider's scorecard (contract manager; the provider its own). */
export function providersRouter(deps: RouteDeps): AppRouter {
  const { services } = deps;
  const router = new Router<AppState>({ prefix: '/v1/providers' });
  router.use(authenticate(services.tokens));

  router.post('/', requireRole('admin'), ...createChain(deps, 'provider.v1.json'), async (ctx) => {
    const { doc, webhookSecret } = await services.registry.createProvider(bodyOf<ProviderInput>(ctx));
    ctx.status = 201;
    ctx.set('Location', `/v1/providers/${doc._id}`);
    ctx.body = webhookSecret ? { ...presentProvider(doc), webhookSecret } : presentProvider(doc);
  });

  router.get('/', requireRole('admin', 'contract_manager'), async (ctx) => {
    const page = readPageRequest(ctx);
    ctx.body = toPage(
      await services.registry.providers.page({}, page.limit + 1, page.after),
      page,
      (d) => d._id,
      presentProvider,
    );
  });

  router.get('/:agbCode', requireRole('admin', 'contract_manager'), async (ctx) => {
    ctx.body = presentProvider(await services.registry.getProvider(ctx.params.agbCode ?? ''));
  });

  router.get('/:agbCode/scorecard', requireRole('contract_manager', 'provider'), async (ctx) => {
    ctx.body = presentScorecard(await services.scorecard.scorecard(actorOf(ctx), ctx.params.agbCode ?? ''));
  });
  return router;
}
