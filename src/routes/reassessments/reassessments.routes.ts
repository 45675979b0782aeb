import { reassessmentsPolicy } from '../../policies/reassessments.policy';
import { presentReassessment, presentReassessmentItem } from '../../presenters/reassessments.presenter';
import type { ItemFilters } from '../../services/reassessments/item-filters';
import type { CampaignFilters } from '../../services/reassessments/reassessments.service';
import { actorOf, bodyOf, queryFilters } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Reassessments';

/** Reassessment campaigns (herbeoordeling): start one, follow its progress and forecast, record each case's steps. */
export const reassessmentRoutes: RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/reassessments',
    operationId: 'startReassessment',
    tag,
    summary: "Start a campaign: every case in scope reassessed by the deadline, at the team's stated capacity",
    allow: reassessmentsPolicy.allow('create'),
    body: { schema: 'reassessment.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const actor = actorOf(ctx);
        const doc = await services.reassessments.create(actor, bodyOf(ctx, 'reassessment.v1.json'));
        const { campaign, progress } = await services.reassessments.get(actor, doc._id);
        ctx.status = 201;
        ctx.set('Location', `/v1/reassessments/${doc._id}`);
        ctx.body = presentReassessment(campaign, progress);
      },
  },
  {
    method: 'get',
    path: '/v1/reassessments',
    operationId: 'listReassessments',
    tag,
    summary: 'Campaigns in your scope, newest first, each with its progress',
    allow: reassessmentsPolicy.allow('list'),
    query: 'reassessment-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const rows = await services.reassessments.list(
          actorOf(ctx),
          queryFilters<CampaignFilters>(ctx, ['teamCode', 'status']),
          page,
        );
        const key = (r: (typeof rows)[number]) => r.campaign._id;
        ctx.body = toPage(rows, page, key, (r) => presentReassessment(r.campaign, r.progress!));
      },
  },
  {
    method: 'get',
    path: '/v1/reassessments/{id}',
    operationId: 'getReassessment',
    tag,
    summary: 'Progress and forecast: counts per step, burn-down, pace, forecast end date, pace needed, cases at risk',
    allow: reassessmentsPolicy.allow('read'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const { campaign, progress } = await services.reassessments.get(actorOf(ctx), ctx.params.id ?? '');
        ctx.body = presentReassessment(campaign, progress);
      },
  },
  {
    method: 'get',
    path: '/v1/reassessments/{id}/items',
    operationId: 'listReassessmentItems',
    tag,
    summary: "The campaign's cases with their steps; filters step, atRisk (in order of urgency), provider",
    allow: reassessmentsPolicy.allow('listItems'),
    query: 'reassessment-item-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<ItemFilters>(ctx, ['step', 'atRisk', 'providerAgbCode']);
        const { items, atRisk } = await services.reassessments.items(
          actorOf(ctx),
          ctx.params.id ?? '',
          filters,
          page.limit,
          page.after,
        );
        ctx.body = toPage(
          items,
          page,
          (i) => i.allocationNumber,
          (i) => presentReassessmentItem(i, atRisk.has(i.allocationNumber)),
        );
      },
  },
  {
    method: 'post',
    path: '/v1/reassessments/{id}/items/{allocationNumber}/steps',
    operationId: 'recordReassessmentStep',
    tag,
    summary: "Record a case's next step (in order; passing one over needs a skipReason); handedOver moves the case",
    allow: reassessmentsPolicy.allow('recordStep'),
    body: { schema: 'reassessment-step.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const { item, atRisk } = await services.reassessments.recordStep(
          actorOf(ctx),
          ctx.params.id ?? '',
          ctx.params.allocationNumber ?? '',
          bodyOf(ctx, 'reassessment-step.v1.json'),
        );
        ctx.status = 201;
        ctx.body = presentReassessmentItem(item, atRisk);
      },
  },
];
