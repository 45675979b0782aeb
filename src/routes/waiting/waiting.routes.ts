import { waitingPolicy } from '../../policies/waiting.policy';
import type { WaitingFilters } from '../../services/waiting/waiting.service';
import { actorOf, queryFilters } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Waiting';

/** GET /v1/waiting[/cases|/protection.csv]: who waits, where and how long, measured from the allocations. */
export const waitingRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/v1/waiting',
    operationId: 'listWaiting',
    tag,
    summary:
      'Per provider and product category (or per municipality): youths waiting now, median and longest wait, over the norms, the trend, reported against measured, message timeliness; counts and days only, computed daily',
    allow: waitingPolicy.allow('figures'),
    query: 'waiting-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<WaitingFilters>(ctx, ['providerAgbCode', 'productCategory', 'municipalityCode']);
        const { asOf, rows } = await services.waiting.list(actorOf(ctx), filters, page.limit + 1, page.after);
        ctx.body = {
          asOf,
          ...toPage(
            rows,
            page,
            (r) => r._id,
            ({ _id, asOf: _asOf, ...r }) => r,
          ),
        };
      },
  },
  {
    method: 'get',
    path: '/v1/waiting/cases',
    operationId: 'listWaitingCases',
    tag,
    summary:
      "The team's waiting youths, longest first: the call list (provider, product, days waiting, bridging care, flags)",
    allow: waitingPolicy.allow('cases'),
    query: 'waiting-cases-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const { teamCode } = queryFilters<{ teamCode?: string }>(ctx, ['teamCode']);
        const rows = await services.waiting.cases(actorOf(ctx), teamCode, page.limit, page.after);
        ctx.body = toPage(
          rows,
          page,
          (r) => `${r.startDate}|${r.allocationNumber}`,
          (r) => r,
        );
      },
  },
  {
    method: 'get',
    path: '/v1/waiting/protection.csv',
    operationId: 'exportWaitingProtection',
    tag,
    summary:
      "Youths under a protection measure (referrer 04, 08) waiting over 6 weeks and over 3 months, of them in bridging care, per month, referrer and municipality: the region's report",
    allow: waitingPolicy.allow('protectionReport'),
    query: 'waiting-protection-query.v1.json',
    success: 200,
    returns: 'csv',
    handler:
      ({ services }) =>
      async (ctx) => {
        const { from } = queryFilters<{ from?: string }>(ctx, ['from']);
        ctx.set('Content-Disposition', 'attachment; filename="wachttijden-beschermingsmaatregel.csv"');
        ctx.type = 'text/csv; charset=utf-8';
        ctx.body = await services.waiting.protectionCsv(from);
      },
  },
];
