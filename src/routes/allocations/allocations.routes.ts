import type { AllocationDoc, AllocationListItem } from '../../records';
import type { AppContext } from '../../middlewares/state';
import { allocationsPolicy } from '../../policies/allocations.policy';
import { presentAllocation, presentAllocationItem } from '../../presenters/allocations.presenter';
import type { AllocationFilters } from '../../services/allocations/allocations.service';
import { actorOf, bodyOf, queryFilters, queryParam } from '../context';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';
import { asUploadError, importStream } from './import-body';

const tag = 'Allocations';

/** An allocation as this caller may see it (the BSN only for those with a need: the service decides). */
const present =
  ({ services }: RouteDeps, ctx: AppContext) =>
  (doc: AllocationDoc) =>
    presentAllocation(doc, services.allocations.clientSeenBy(ctx.state.principal, doc));
const presentItem =
  ({ services }: RouteDeps, ctx: AppContext) =>
  (doc: AllocationListItem) =>
    presentAllocationItem(doc, services.allocations.clientSeenBy(ctx.state.principal, doc));

/** Allocations: register, list, search, read, change, import, extend in bulk. Scoped by the allocations policy. */
export const allocationRoutes: RouteDeclaration[] = [
  {
    method: 'post',
    path: '/v1/allocations',
    operationId: 'createAllocation',
    tag,
    summary: 'Register an allocation',
    allow: allocationsPolicy.allow('create'),
    body: { schema: 'allocation.v1.json' },
    idempotent: true,
    success: 201,
    returns: 'object',
    handler: (deps) => async (ctx) => {
      const doc = await deps.services.allocations.create(actorOf(ctx), bodyOf(ctx, 'allocation.v1.json'));
      ctx.status = 201;
      ctx.set('Location', `/v1/allocations/${encodeURIComponent(doc._id)}`);
      ctx.body = present(deps, ctx)(doc);
    },
  },
  {
    method: 'get',
    path: '/v1/allocations',
    operationId: 'listAllocations',
    tag,
    summary: 'List allocations in your scope',
    allow: allocationsPolicy.allow('list'),
    query: 'allocation-query.v1.json',
    success: 200,
    returns: 'page',
    handler: (deps) => async (ctx) => {
      const page = readPageRequest(ctx);
      const filters = queryFilters<AllocationFilters>(ctx, [
        'teamCode',
        'providerAgbCode',
        'municipalityCode',
        'contractNumber',
        'status',
      ]);
      const docs = await deps.services.allocations.list(actorOf(ctx), filters, page.limit, page.after);
      ctx.body = toPage(docs, page, (d) => d._id, presentItem(deps, ctx));
    },
  },
  {
    method: 'post',
    path: '/v1/allocations/search',
    operationId: 'searchAllocations',
    tag,
    summary: "A client's allocations, by BSN (in the body)",
    allow: allocationsPolicy.allow('search'),
    body: { schema: 'allocation-search.v1.json' },
    success: 200,
    returns: 'page',
    handler: (deps) => async (ctx) => {
      const docs = await deps.services.allocations.list(
        actorOf(ctx),
        { bsn: bodyOf(ctx, 'allocation-search.v1.json').bsn },
        500,
      );
      ctx.body = { items: docs.slice(0, 500).map(presentItem(deps, ctx)), nextCursor: null };
    },
  },
  {
    method: 'post',
    path: '/v1/allocations/import',
    operationId: 'importAllocations',
    tag,
    summary: 'Import a handover list (CSV or NDJSON); answers a reconciliation report',
    allow: allocationsPolicy.allow('import'),
    body: 'import',
    query: 'allocation-import-query.v1.json',
    success: 200,
    returns: 'object',
    handler:
      ({ services, config }) =>
      async (ctx) => {
        const { stream, format } = importStream(ctx, config.importBodyLimit);
        try {
          ctx.body = await services.allocationImport.run(
            actorOf(ctx),
            stream,
            format,
            queryParam(ctx, 'teamCode'),
            queryParam(ctx, 'outcomes') === 'true',
          );
        } catch (err) {
          stream.destroy();
          throw asUploadError(err);
        }
      },
  },
  {
    method: 'post',
    path: '/v1/allocations/bulk-extension',
    operationId: 'bulkExtendAllocations',
    tag,
    summary: 'Extend a set of allocations by one recorded decision (ambtshalve verlenging)',
    allow: allocationsPolicy.allow('bulkExtend'),
    body: { schema: 'bulk-extension.v1.json' },
    idempotent: true,
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        ctx.body = await services.reassessments.bulkExtend(actorOf(ctx), bodyOf(ctx, 'bulk-extension.v1.json'));
      },
  },
  {
    method: 'get',
    path: '/v1/allocations/{allocationNumber}',
    operationId: 'getAllocation',
    tag,
    summary: 'One allocation with its history',
    allow: allocationsPolicy.allow('read'),
    success: 200,
    returns: 'object',
    handler: (deps) => async (ctx) => {
      ctx.body = present(
        deps,
        ctx,
      )(await deps.services.allocations.get(actorOf(ctx), ctx.params.allocationNumber ?? ''));
    },
  },
  {
    method: 'patch',
    path: '/v1/allocations/{allocationNumber}',
    operationId: 'changeAllocation',
    tag,
    summary: 'Change end date, volume or care start, or end the allocation',
    allow: allocationsPolicy.allow('change'),
    body: { schema: 'allocation-patch.v1.json' },
    success: 200,
    returns: 'object',
    handler: (deps) => async (ctx) => {
      const doc = await deps.services.allocations.update(
        actorOf(ctx),
        ctx.params.allocationNumber ?? '',
        bodyOf(ctx, 'allocation-patch.v1.json'),
      );
      ctx.body = present(deps, ctx)(doc);
    },
  },
];
