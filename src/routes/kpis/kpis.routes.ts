import type { AppContext } from '../../middlewares/state';
import { kpisPolicy } from '../../policies/kpis.policy';
import { scorecardsPolicy } from '../../policies/scorecards.policy';
import { kpiRowsToCsv } from '../../presenters/kpis-csv.presenter';
import {
  presentKpiQuarter,
  presentKpiRow,
  presentRecomputation,
  presentScorecard,
} from '../../presenters/kpis.presenter';
import { kpiRowKey, type KpiFilters } from '../../services/kpis/kpis.service';
import type { RouteDeps } from '../deps';
import { actorOf, bodyOf, queryFilters, queryParam } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'KPIs';
const FILTERS = [
  'providerAgbCode',
  'quarter',
  'quarterFrom',
  'quarterTo',
  'municipalityCode',
  'kpi',
  'rating',
] as const;

function filtersOf(ctx: AppContext): KpiFilters {
  return queryFilters<KpiFilters>(ctx, FILTERS);
}

/** The rows as the CSV export: for Excel with Dutch settings, no client identifiers. */
async function sendCsv(ctx: AppContext, deps: RouteDeps): Promise<void> {
  const { rows, names } = await deps.services.kpis.export(actorOf(ctx), filtersOf(ctx));
  ctx.set('Content-Disposition', 'attachment; filename="kpis.csv"');
  ctx.type = 'text/csv; charset=utf-8';
  ctx.body = kpiRowsToCsv(rows, names, deps.config.kpiMinDenominator);
}

/** KPI results, the region overview, the CSV export, (re)computation, and a provider's scorecard. */
export const kpiRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/v1/kpis',
    operationId: 'listKpis',
    tag,
    summary:
      'KPI results: one row per provider, quarter and KPI (per municipality with municipalityCode); as CSV with Accept: text/csv',
    allow: kpisPolicy.allow('list'),
    query: 'kpi-query.v1.json',
    success: 200,
    returns: 'page',
    csv: true,
    handler: (deps) => async (ctx) => {
      const { services, config } = deps;
      if (ctx.accepts('application/json', 'text/csv') === 'text/csv') return sendCsv(ctx, deps);
      const page = readPageRequest(ctx);
      const rows = await services.kpis.page(actorOf(ctx), filtersOf(ctx), page);
      ctx.body = toPage(rows, page, kpiRowKey, (r) => presentKpiRow(r, config.kpiMinDenominator));
    },
  },
  {
    method: 'get',
    path: '/v1/kpis/overview',
    operationId: 'kpiOverview',
    tag,
    summary: 'Per KPI, the providers of a quarter ranked best first',
    allow: kpisPolicy.allow('overview'),
    query: 'kpi-overview-query.v1.json',
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const quarter = queryParam(ctx, 'quarter')!;
        ctx.body = { quarter, kpis: await services.kpis.overview(actorOf(ctx), quarter) };
      },
  },
  {
    method: 'get',
    path: '/v1/kpis/export.csv',
    operationId: 'exportKpis',
    tag,
    summary:
      'KPI results as CSV for Excel (Dutch settings); no client identifiers (GET /v1/kpis with Accept: text/csv is the same)',
    allow: kpisPolicy.allow('export'),
    query: 'kpi-query.v1.json',
    success: 200,
    returns: 'csv',
    handler: (deps) => async (ctx) => sendCsv(ctx, deps),
  },
  {
    method: 'get',
    path: '/v1/kpis/computations',
    operationId: 'listKpiComputations',
    tag,
    summary: 'The computed quarters: final or provisional, and every computation recorded',
    allow: kpisPolicy.allow('computations'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = { items: (await services.kpis.computations()).map(presentKpiQuarter) };
      },
  },
  {
    method: 'post',
    path: '/v1/kpis/recompute',
    operationId: 'recomputeKpis',
    tag,
    summary: "Recompute a quarter's KPIs (recorded, with the reason): 202 with the recomputation to poll at Location",
    allow: kpisPolicy.allow('recompute'),
    body: { schema: 'kpi-recompute.v1.json' },
    success: 202,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const { quarter, reason } = bodyOf(ctx, 'kpi-recompute.v1.json');
        const { recomputation } = await services.kpiRecomputations.request(actorOf(ctx), quarter, reason);
        ctx.status = 202;
        ctx.set('Location', `/v1/kpis/recomputations/${recomputation._id}`);
        ctx.set('Retry-After', '5');
        ctx.body = presentRecomputation(recomputation);
      },
  },
  {
    method: 'get',
    path: '/v1/kpis/recomputations/{id}',
    operationId: 'getKpiRecomputation',
    tag,
    summary: 'A recomputation: queued, running, succeeded (with the computation) or failed (with the reason)',
    allow: kpisPolicy.allow('readRecomputation'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.kpiRecomputations.get(ctx.params.id!);
        if (doc.status === 'queued' || doc.status === 'running') ctx.set('Retry-After', '5');
        ctx.body = presentRecomputation(doc);
      },
  },
  {
    method: 'get',
    path: '/v1/providers/{agbCode}/scorecard',
    operationId: 'getScorecard',
    tag,
    summary:
      "A provider's scorecard: KPIs over the last quarters with trend, open flags, latest quarterly report, reviews",
    allow: scorecardsPolicy.allow('read'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = presentScorecard(await services.scorecard.scorecard(actorOf(ctx), ctx.params.agbCode ?? ''));
      },
  },
];
