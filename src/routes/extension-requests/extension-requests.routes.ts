import type { AppContext } from '../../middlewares/state';
import { extensionRequestsPolicy } from '../../policies/extension-requests.policy';
import { presentExtensionRequest } from '../../presenters/extension-requests.presenter';
import type { ExtensionRequestFilters } from '../../services/extension-requests/extension-requests.service';
import { actorOf, bodyOf, queryParam } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Intake';
const id = (ctx: AppContext) => ctx.params.id ?? '';

/** Extension requests: providers submit, withdraw and resubmit their own; consultants of the team decide. */
export const extensionRequestRoutes: RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/extension-requests',
    operationId: 'submitExtensionRequest',
    tag,
    summary: 'Ask to extend an allocation',
    allow: extensionRequestsPolicy.allow('submit'),
    body: { schema: 'extension-request.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.extensionRequests.submit(actorOf(ctx), bodyOf(ctx, 'extension-request.v1.json'));
        ctx.status = 201;
        ctx.set('Location', `/v1/extension-requests/${encodeURIComponent(doc._id)}`);
        ctx.body = presentExtensionRequest(doc);
      },
  },
  {
    method: 'get',
    path: '/v1/extension-requests',
    operationId: 'listExtensionRequests',
    tag,
    summary: 'List extension requests in your scope',
    allow: extensionRequestsPolicy.allow('list'),
    query: 'extension-request-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters: ExtensionRequestFilters = {};
        const allocationNumber = queryParam(ctx, 'allocationNumber');
        const status = queryParam(ctx, 'status');
        const without = queryParam(ctx, 'withoutEvaluation');
        if (allocationNumber) filters.allocationNumber = allocationNumber;
        if (status) filters.status = status as ExtensionRequestFilters['status'];
        if (without) filters.withoutEvaluation = without === 'true';
        const docs = await services.extensionRequests.list(actorOf(ctx), filters, page.limit, page.after);
        ctx.body = toPage(docs, page, (d) => d._id, presentExtensionRequest);
      },
  },
  {
    method: 'get',
    path: '/v1/extension-requests/{id}',
    operationId: 'getExtensionRequest',
    tag,
    summary: 'One extension request',
    allow: extensionRequestsPolicy.allow('read'),
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = presentExtensionRequest(await services.extensionRequests.get(actorOf(ctx), id(ctx)));
      },
  },
  {
    method: 'post',
    path: '/v1/extension-requests/{id}/decision',
    operationId: 'decideExtensionRequest',
    tag,
    summary: 'Approve, reject or ask for information',
    allow: extensionRequestsPolicy.allow('decide'),
    body: { schema: 'decision.v1.json' },
    idempotent: true,
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const doc = await services.extensionRequests.decide(actorOf(ctx), id(ctx), bodyOf(ctx, 'decision.v1.json'));
        ctx.body = presentExtensionRequest(doc);
      },
  },
  {
    method: 'post',
    path: '/v1/extension-requests/{id}/withdraw',
    operationId: 'withdrawExtensionRequest',
    tag,
    summary: 'Withdraw your open request',
    allow: extensionRequestsPolicy.allow('withdraw'),
    body: { optional: true },
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = presentExtensionRequest(await services.extensionRequests.withdraw(actorOf(ctx), id(ctx)));
      },
  },
  {
    method: 'post',
    path: '/v1/extension-requests/{id}/resubmit',
    operationId: 'resubmitExtensionRequest',
    tag,
    summary: 'Amend and resubmit after a request for information',
    allow: extensionRequestsPolicy.allow('resubmit'),
    body: { schema: 'extension-resubmission.v1.json' },
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const changes = bodyOf(ctx, 'extension-resubmission.v1.json');
        ctx.body = presentExtensionRequest(await services.extensionRequests.resubmit(actorOf(ctx), id(ctx), changes));
      },
  },
];
