import { caseloadPolicy } from '../../policies/caseload.policy';
import type { CaseloadFilters } from '../../services/caseload/caseload-rows';
import { actorOf, queryFilters } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Caseload';

/** GET /v1/caseload[/summary]: per active allocation, and as counts, what the inspection asked a team to know. */
export const caseloadRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/v1/caseload',
    operationId: 'listCaseload',
    tag,
    summary: "A team's active allocations: care started, last evaluation, residence, case direction, open flags",
    allow: caseloadPolicy.allow('list'),
    query: 'caseload-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<CaseloadFilters>(ctx, [
          'teamCode',
          'providerAgbCode',
          'waiting',
          'evaluationStatus',
          'residence',
          'caseDirection',
        ]);
        const rows = await services.caseload.list(actorOf(ctx), filters, page.limit, page.after);
        ctx.body = toPage(
          rows,
          page,
          (r) => r.allocationNumber,
          (r) => r,
        );
      },
  },
  {
    method: 'get',
    path: '/v1/caseload/summary',
    operationId: 'getCaseloadSummary',
    tag,
    summary: 'The same scope as counts: per provider, waiting, residence, case direction, evaluations, extensions',
    allow: caseloadPolicy.allow('summary'),
    query: 'caseload-summary-query.v1.json',
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = await services.caseload.summary(
          actorOf(ctx),
          queryFilters<Pick<CaseloadFilters, 'teamCode' | 'providerAgbCode'>>(ctx, ['teamCode', 'providerAgbCode']),
        );
      },
  },
];
