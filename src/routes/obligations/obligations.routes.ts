import { errors } from '../../errors';
import { obligationsPolicy, seesObligationsAggregated } from '../../policies/obligations.policy';
import type { Obligation, ObligationFilters } from '../../services/obligations/obligations.service';
import { principalOf } from '../../middlewares/auth';
import { actorOf, queryFilters } from '../context';
import { readPageRequest, rowsAfter, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

/**
 * GET /v1/obligations: what is due, soonest first (a provider's to-do list); for a
 * contract manager counted per provider, contract, kind and status.
 */
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
        if (seesObligationsAggregated(principalOf(ctx))) {
          // contract managers: per provider and contract, never per case
          if (filters.allocationNumber)
            throw errors.forbidden('Contract managers see obligations per provider and contract, not per allocation.');
          const groups = await services.obligations.summarize(actorOf(ctx), filters);
          ctx.body = toPage(
            rowsAfter(groups, page, (g) => g.id),
            page,
            (g) => g.id,
            (g) => g,
          );
          return;
        }
        const all = await services.obligations.list(actorOf(ctx), filters);
        const keyOf = (o: Obligation) => `${o.dueDate}|${o.id}`;
        ctx.body = toPage(rowsAfter(all, page, keyOf), page, keyOf, (o) => o);
      },
  },
];
