import Router from '@koa/router';
import { actorOf } from '../context';
import { authenticate, principalOf, requireRole } from '../../middlewares/auth';
import { jsonBody } from '../../middlewares/body';
import type { AppRouter, AppState } from '../../middlewares/state';
import { presentToken } from '../../presenters/token.presenter';
import type { CreateTokenInput } from '../../services/tokens.service';
import type { RouteDeps } from '../deps';
import { createChain } from '../create';
import { readPageRequest, toPage } from '../pagination';

/** Token management for admins: POST/GET /v1/tokens, POST /v1/tokens/{id}/revoke. */
export function tokensRouter(deps: RouteDeps): AppRouter {
  const { services, config } = deps;
  const router = new Router<AppState>({ prefix: '/v1/tokens' });
  router.use(authenticate(services.tokens), requireRole('admin'));

  router.post('/', ...createChain(deps, 'token-create.v1.json'), async (ctx) => {
    const { token, record } = await services.tokens.create(
      ctx.request.body as CreateTokenInput,
      principalOf(ctx).tokenId,
      actorOf(ctx),
    );
    ctx.status = 201;
    ctx.set('Location', `/v1/tokens/${record._id}`);
    ctx.body = { ...presentToken(record), token };
  });

  router.get('/', async (ctx) => {
    const page = readPageRequest(ctx);
    const docs = await services.tokens.dangerousListAll(page.limit + 1, page.after);
    ctx.body = toPage(docs, page, (d) => d._id, presentToken);
  });

  router.post('/:id/revoke', jsonBody(config.bodyLimit, true), async (ctx) => {
    await services.tokens.revoke(ctx.params.id ?? '', principalOf(ctx).tokenId, actorOf(ctx));
    ctx.status = 204;
  });
  return router;
}
