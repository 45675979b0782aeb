import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateQuery } from '../../middlewares/validate';
import { presentContract } from '../../presenters/registry.presenter';
import type { ContractInput } from '../../services/registry.service';
import { bodyOf, queryParam } from '../context';
import type { RouteDeps } from '../deps';
import { createChain } from '../create';
import { readPageRequest, toPage } from '../pagination';

/** POST /v1/contracts (admin); GET list and one (admin, contract manager). */
export function contractsRouter(deps: RouteDeps): AppRouter {
  const { services, registry } = deps;
  const router = new Router<AppState>({ prefix: '/v1/contracts' });
  router.use(authenticate(services.tokens), requireRole('admin', 'contract_manager'));

  router.post('/', requireRole('admin'), ...createChain(deps, 'contract.v1.json'), async (ctx) => {
    const doc = await services.registry.createContract(bodyOf<ContractInput>(ctx));
    ctx.status = 201;
    ctx.set('Location', `/v1/contracts/${encodeURIComponent(doc._id)}`);
    ctx.body = presentContract(doc);
  });

  router.get('/', validateQuery(registry, 'contract-query.v1.json'), async (ctx) => {
    const page = readPageRequest(ctx);
    const provider = queryParam(ctx, 'providerAgbCode');
    const docs = await services.registry.contracts.page(
      provider ? { providerAgbCode: provider } : {},
      page.limit + 1,
      page.after,
    );
    ctx.body = toPage(docs, page, (d) => d._id, presentContract);
  });

  router.get('/:contractNumber', async (ctx) => {
    ctx.body = presentContract(await services.registry.getContract(ctx.params.contractNumber ?? ''));
  });
  return router;
}
