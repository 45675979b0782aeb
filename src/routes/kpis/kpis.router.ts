import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import { jsonBody } from '../../middlewares/body';
import type { AppContext, AppRouter, AppState } from '../../middlewares/state';
import { validateBody, validateQuery } from '../../middlewares/validate';
import { kpiRowsToCsv } from '../../presenters/kpi-csv.presenter';
import { presentKpiQuarter, presentKpiRow, presentRecomputation } from '../../presenters/kpi.presenter';
import { kpiRowKey, type KpiFilters } from '../../services/kpis.service';
import { actorOf, bodyOf, queryParam } from '../context';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

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
  const filters: KpiFilters = {};
  for (const key of FILTERS) {
    const value = queryParam(ctx, key);
    if (value !== undefined) filters[key] = value;
  }
  return filters;
}

/** KPI results, the region overview, the CSV export, and (re)computation. */
export function kpisRouter(deps: RouteDeps): AppRouter {
  const { services, registry, config } = deps;
  const router = new Router<AppState>({ prefix: '/v1/kpis' });
  router.use(authenticate(services.tokens));

  router.get(
    '/',
    requireRole('contract_manager', 'admin', 'provider'),
    validateQuery(registry, 'kpi-query.v1.json'),
    async (ctx) => {
      const page = readPageRequest(ctx);
      const rows = await services.kpis.list(actorOf(ctx), filtersOf(ctx));
      const start = page.after ? rows.findIndex((r) => kpiRowKey(r) > page.after!) : 0;
      ctx.body = toPage(start < 0 ? [] : rows.slice(start, start + page.limit + 1), page, kpiRowKey, (r) =>
        presentKpiRow(r, config.kpiMinDenominator),
      );
    },
  );

  router.get(
    '/overview',
    requireRole('contract_manager', 'admin'),
    validateQuery(registry, 'kpi-overview-query.v1.json'),
    async (ctx) => {
      const quarter = queryParam(ctx, 'quarter')!;
      ctx.body = { quarter, kpis: await services.kpis.overview(actorOf(ctx), quarter) };
    },
  );

  router.get(
    '/export.csv',
    requireRole('contract_manager'),
    validateQuery(registry, 'kpi-query.v1.json'),
    async (ctx) => {
      const rows = await services.kpis.list(actorOf(ctx), filtersOf(ctx));
      const names = new Map((await services.registry.dangerousListAllProviders()).map((p) => [p._id, p.name]));
      ctx.set('Content-Disposition', 'attachment; filename="kpis.csv"');
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = kpiRowsToCsv(rows, names, config.kpiMinDenominator);
    },
  );

  router.get('/computations', requireRole('contract_manager', 'admin'), async (ctx) => {
    ctx.body = { items: (await services.kpis.computations()).map(presentKpiQuarter) };
  });

  router.post(
    '/recompute',
    requireRole('contract_manager', 'admin'),
    jsonBody(config.bodyLimit),
    validateBody(registry, 'kpi-recompute.v1.json'),
    async (ctx) => {
      const { quarter, reason } = bodyOf<{ quarter: string; reason: string }>(ctx);
      const queued = await services.kpiRecomputations.request(actorOf(ctx), quarter, reason);
      ctx.status = 202;
      ctx.set('Location', `/v1/kpis/recomputations/${queued._id}`);
      ctx.set('Retry-After', '5');
      ctx.body = presentRecomputation(queued);
    },
  );

  router.get('/recomputations/:id', requireRole('contract_manager', 'admin'), async (ctx) => {
    const doc = await services.kpiRecomputations.get(ctx.params.id!);
    if (doc.status === 'queued' || doc.status === 'running') ctx.set('Retry-After', '5');
    ctx.body = presentRecomputation(doc);
  });
  return router;
}
