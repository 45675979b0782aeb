import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import { jsonBody } from '../../middlewares/body';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateBody, validateQuery } from '../../middlewares/validate';
import { presentExtensionRequest } from '../../presenters/intake.presenter';
import type {
  DecisionInput,
  ExtensionRequestFilters,
  ExtensionRequestInput,
} from '../../services/extension-requests.service';
import { actorOf, bodyOf, queryParam } from '../context';
import { createChain } from '../create';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

/** Extension requests: providers submit, withdraw and resubmit their own; consultants of the team decide. */
export function extensionRequestsRouter(deps: RouteDeps): AppRouter {
  const { services, registry, config } = deps;
  const requests = services.extensionRequests;
  const router = new Router<AppState>({ prefix: '/v1/extension-requests' });
  router.use(authenticate(services.tokens));
  const id = (ctx: { params: Record<string, string | undefined> }) => ctx.params.id ?? '';

  router.post('/', requireRole('provider'), ...createChain(deps, 'extension-request.v1.json'), async (ctx) => {
    const doc = await requests.submit(actorOf(ctx), bodyOf<ExtensionRequestInput>(ctx));
    ctx.status = 201;
    ctx.set('Location', `/v1/extension-requests/${encodeURIComponent(doc._id)}`);
    ctx.body = presentExtensionRequest(doc);
  });

  router.get(
    '/',
    requireRole('provider', 'consultant', 'admin'),
    validateQuery(registry, 'extension-request-query.v1.json'),
    async (ctx) => {
      const page = readPageRequest(ctx);
      const filters: ExtensionRequestFilters = {};
      const allocationNumber = queryParam(ctx, 'allocationNumber');
      const status = queryParam(ctx, 'status');
      const without = queryParam(ctx, 'withoutEvaluation');
      if (allocationNumber) filters.allocationNumber = allocationNumber;
      if (status) filters.status = status as ExtensionRequestFilters['status'];
      if (without) filters.withoutEvaluation = without === 'true';
      const docs = await requests.list(actorOf(ctx), filters, page.limit, page.after);
      ctx.body = toPage(docs, page, (d) => d._id, presentExtensionRequest);
    },
  );

  router.get('/:id', requireRole('provider', 'consultant', 'admin'), async (ctx) => {
    ctx.body = presentExtensionRequest(await requests.get(actorOf(ctx), id(ctx)));
  });

  router.post('/:id/decision', requireRole('consultant'), ...createChain(deps, 'decision.v1.json'), async (ctx) => {
    ctx.body = presentExtensionRequest(await requests.decide(actorOf(ctx), id(ctx), bodyOf<DecisionInput>(ctx)));
  });

  router.post('/:id/withdraw', requireRole('provider'), jsonBody(config.bodyLimit, true), async (ctx) => {
    ctx.body = presentExtensionRequest(await requests.withdraw(actorOf(ctx), id(ctx)));
  });

  router.post(
    '/:id/resubmit',
    requireRole('provider'),
    jsonBody(config.bodyLimit),
    validateBody(registry, 'extension-resubmission.v1.json'),
    async (ctx) => {
      ctx.body = presentExtensionRequest(
        await requests.resubmit(actorOf(ctx), id(ctx), bodyOf<Partial<ExtensionRequestInput>>(ctx)),
      );
    },
  );
  return router;
}
