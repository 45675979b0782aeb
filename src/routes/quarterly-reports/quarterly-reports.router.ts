import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateQuery } from '../../middlewares/validate';
import { presentQuarterlyReport } from '../../presenters/intake.presenter';
import type { QuarterlyReportFilters, QuarterlyReportInput } from '../../services/quarterly-reports.service';
import { actorOf, bodyOf, queryParam } from '../context';
import { createChain } from '../create';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

/** Quarterly contract reports: providers submit their own; providers, contract managers and admins read. */
export function quarterlyReportsRouter(deps: RouteDeps): AppRouter {
  const { services, registry } = deps;
  const router = new Router<AppState>({ prefix: '/v1/quarterly-reports' });
  router.use(authenticate(services.tokens));

  router.post('/', requireRole('provider'), ...createChain(deps, 'quarterly-report.v1.json'), async (ctx) => {
    const doc = await services.quarterlyReports.submit(actorOf(ctx), bodyOf<QuarterlyReportInput>(ctx));
    ctx.status = 201;
    ctx.set(
      'Location',
      `/v1/quarterly-reports?contractNumber=${encodeURIComponent(doc.contractNumber)}&quarter=${doc.quarter}`,
    );
    ctx.body = presentQuarterlyReport(doc);
  });

  router.get(
    '/',
    requireRole('provider', 'contract_manager', 'admin'),
    validateQuery(registry, 'quarterly-report-query.v1.json'),
    async (ctx) => {
      const page = readPageRequest(ctx);
      const filters: QuarterlyReportFilters = {};
      for (const key of ['contractNumber', 'providerAgbCode', 'quarter'] as const) {
        const value = queryParam(ctx, key);
        if (value !== undefined) filters[key] = value;
      }
      const docs = await services.quarterlyReports.list(actorOf(ctx), filters, page.limit, page.after);
      ctx.body = toPage(docs, page, (d) => d._id, presentQuarterlyReport);
    },
  );
  return router;
}
