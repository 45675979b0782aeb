import { principalOf } from '../../middlewares/auth';
import { tokensPolicy } from '../../policies/tokens.policy';
import { presentToken } from '../../presenters/tokens.presenter';
import { actorOf, bodyOf } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Tokens';

/** Token management for admins: POST/GET /v1/tokens, POST /v1/tokens/{id}/revoke; GET /v1/tokens/me for every token. */
export const tokenRoutes: RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/tokens',
    operationId: 'createToken',
    tag,
    summary: 'Issue a token (shown once)',
    allow: tokensPolicy.allow('create'),
    body: { schema: 'token-create.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const input = bodyOf(ctx, 'token-create.v1.json');
        const { token, record } = await services.tokens.createFor(principalOf(ctx), input, actorOf(ctx));
        ctx.status = 201;
        ctx.set('Location', `/v1/tokens/${record._id}`);
        ctx.body = { ...presentToken(record), token };
      },
  },
  {
    method: 'get',
    path: '/v1/tokens',
    operationId: 'listTokens',
    tag,
    summary: 'List tokens (never their secrets)',
    allow: tokensPolicy.allow('list'),
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const docs = await services.tokens.listFor(principalOf(ctx), page.limit + 1, page.after);
        ctx.body = toPage(docs, page, (d) => d._id, presentToken);
      },
  },
  {
    method: 'get',
    path: '/v1/tokens/me',
    operationId: 'getOwnToken',
    tag,
    summary: 'The calling token: its role and scope (what a client, such as the web app, may show)',
    allow: tokensPolicy.allow('readOwn'),
    success: 200,
    returns: 'object',
    handler: () => (ctx) => {
      const p = principalOf(ctx);
      ctx.body = {
        id: p.tokenId,
        role: p.role,
        label: p.label,
        providerAgbCode: p.providerAgbCode ?? null,
        teamCode: p.teamCode ?? null,
      };
    },
  },
  {
    method: 'post',
    path: '/v1/tokens/{id}/revoke',
    operationId: 'revokeToken',
    tag,
    summary: 'Revoke a token',
    allow: tokensPolicy.allow('revoke'),
    body: { optional: true },
    success: 204,
    returns: 'none',
    handler:
      ({ services }) =>
      async (ctx) => {
        await services.tokens.revokeFor(principalOf(ctx), ctx.params.id ?? '', actorOf(ctx));
        ctx.status = 204;
      },
  },
];
