import { evaluationsPolicy } from '../../policies/evaluations.policy';
import { presentEvaluation } from '../../presenters/evaluations.presenter';
import type { EvaluationFilters } from '../../services/evaluations/evaluations.service';
import { actorOf, bodyOf, queryFilters } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Intake';

/** Evaluation reports: providers submit their own; providers, consultants (team) and admins read. */
export const evaluationRoutes: RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/evaluations',
    operationId: 'submitEvaluation',
    tag,
    summary: 'Submit an evaluation report',
    allow: evaluationsPolicy.allow('submit'),
    body: { schema: 'evaluation-submission.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const { evaluation, warnings } = await services.evaluations.submitWithWarnings(
          actorOf(ctx),
          bodyOf(ctx, 'evaluation-submission.v1.json'),
        );
        ctx.status = 201;
        ctx.set('Location', `/v1/evaluations/${encodeURIComponent(evaluation._id)}`);
        ctx.body = { ...presentEvaluation(evaluation), ...(warnings.length > 0 ? { warnings } : {}) };
      },
  },
  {
    method: 'get',
    path: '/v1/evaluations',
    operationId: 'listEvaluations',
    tag,
    summary: 'List evaluation reports in your scope',
    allow: evaluationsPolicy.allow('list'),
    query: 'evaluation-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<EvaluationFilters>(ctx, ['allocationNumber', 'periodFrom', 'periodTo', 'status']);
        const docs = await services.evaluations.list(actorOf(ctx), filters, page.limit, page.after);
        ctx.body = toPage(docs, page, (d) => d._id, presentEvaluation);
      },
  },
  {
    method: 'get',
    path: '/v1/evaluations/{id}',
    operationId: 'getEvaluation',
    tag,
    summary: 'One evaluation report',
    allow: evaluationsPolicy.allow('read'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = presentEvaluation(await services.evaluations.get(actorOf(ctx), ctx.params.id ?? ''));
      },
  },
];
