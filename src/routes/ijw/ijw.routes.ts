import { ijwPolicy } from '../../policies/ijw.policy';
import { actorOf, queryParam } from '../context';
import type { RouteDeclaration } from '../route';

const tag = 'iJw messages';

/** The municipality's own iJw 3.2 messages in: JW301 allocations, JW305 care started, JW307 care stopped. */
export const ijwRoutes: readonly RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/ijw/messages',
    operationId: 'receiveIjwMessage',
    tag,
    summary: 'Apply one iJw 3.2 message (JW301, JW305, JW307); answers a reconciliation report per product',
    allow: ijwPolicy.allow('receive'),
    body: 'xml',
    query: 'ijw-message-query.v1.json',
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = await services.ijwMessages.receive(actorOf(ctx), ctx.request.body as string, {
          teamCode: queryParam(ctx, 'teamCode'),
          referrerType: queryParam(ctx, 'referrerType'),
        });
      },
  },
];
