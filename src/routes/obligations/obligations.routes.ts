import { obligationsPolicy } from '../../policies/obligations.policy';
import type { ObligationFilters } from '../../services/intake/obligations.service';
import { actorOf, queryFilters } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

/** GET /v1/obligations: what is due, soonest first (a provider's to-do list). */
export const obligationRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/v1/obligations',
    operationId: 'listObligations',
    tag: 'Intake',
    summary: 'What is due: next evaluations and quarterly reports',
    allow: obligationsPolicy.allow('list'),
    query: 'obligation-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<ObligationFilters>(ctx, ['status', 'kind', 'providerAgbCode', 'allocationNumber']);
        const all = await services.obligations.list(actorOf(ctx), filters);
        const start = page.after ? all.findIndex((o) => `${o.dueDate}|${o.id}` === page.after) + 1 : 0;
        ctx.body = toPage(
          all.slice(start, start + page.limit + 1),
          page,
          (o) => `${o.dueDate}|${o.id}`,
          (o) => o,
        );
      },
  },
];
