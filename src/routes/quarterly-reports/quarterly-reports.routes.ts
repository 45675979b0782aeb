import { quarterlyReportsPolicy } from '../../policies/quarterly-reports.policy';
import { presentQuarterlyReport } from '../../presenters/quarterly-reports.presenter';
import type { QuarterlyReportFilters } from '../../services/quarterly-reports/quarterly-reports.service';
import { actorOf, bodyOf, queryFilters } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Intake';

/** Quarterly contract reports: providers submit their own; providers, contract managers and admins read. */
export const quarterlyReportRoutes: RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/quarterly-reports',
    operationId: 'submitQuarterlyReport',
    tag,
    summary: 'Submit a quarterly contract report',
    allow: quarterlyReportsPolicy.allow('submit'),
    body: { schema: 'quarterly-report.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.quarterlyReports.submit(actorOf(ctx), bodyOf(ctx, 'quarterly-report.v1.json'));
        ctx.status = 201;
        ctx.set(
          'Location',
          `/v1/quarterly-reports?contractNumber=${encodeURIComponent(doc.contractNumber)}&quarter=${doc.quarter}`,
        );
        ctx.body = presentQuarterlyReport(doc);
      },
  },
  {
    method: 'get',
    path: '/v1/quarterly-reports',
    operationId: 'listQuarterlyReports',
    tag,
    summary: 'List quarterly reports',
    allow: quarterlyReportsPolicy.allow('list'),
    query: 'quarterly-report-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<QuarterlyReportFilters>(ctx, ['contractNumber', 'providerAgbCode', 'quarter']);
        const docs = await services.quarterlyReports.list(actorOf(ctx), filters, page.limit, page.after);
        ctx.body = toPage(docs, page, (d) => d._id, presentQuarterlyReport);
      },
  },
];
