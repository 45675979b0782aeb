import Router from '@koa/router';
import { authenticate, requireRole } from '../../middlewares/auth';
import { jsonBody } from '../../middlewares/body';
import type { AppContext, AppRouter, AppState } from '../../middlewares/state';
import { validateBody, validateQuery } from '../../middlewares/validate';
import { maySeeBsn } from '../../policies/allocations.policy';
import { presentAllocation, presentAllocationItem } from '../../presenters/allocation.presenter';
import type { AllocationListItem } from '../../repositories/allocations.repository';
import type { AllocationDoc } from '../../db/documents';
import type { AllocationFilters, AllocationInput, AllocationPatch } from '../../services/allocations.service';
import { actorOf, bodyOf, queryParam } from '../context';
import type { RouteDeps } from '../deps';
import { createChain } from '../create';
import { readPageRequest, toPage } from '../pagination';
import { asUploadError, importStream } from './import-body';
import type { BulkExtensionInput } from '../../services/extension-requests.service';

/** Allocations: register, list, search, read, change, import. Scoped by the allocations policy. */
export function allocationsRouter(deps: RouteDeps): AppRouter {
  const { services, registry, config } = deps;
  const router = new Router<AppState>({ prefix: '/v1/allocations' });
  const { allocations } = services;
  const present = (ctx: AppContext) => {
    const showBsn = maySeeBsn(ctx.state.principal ?? null);
    return (doc: AllocationDoc) => presentAllocation(doc, allocations.vault, showBsn);
  };
  const presentItem = (ctx: AppContext) => {
    const showBsn = maySeeBsn(ctx.state.principal ?? null);
    return (doc: AllocationListItem) => presentAllocationItem(doc, allocations.vault, showBsn);
  };
  router.use(authenticate(services.tokens));

  router.post('/', requireRole('admin', 'consultant'), ...createChain(deps, 'allocation.v1.json'), async (ctx) => {
    const doc = await allocations.create(actorOf(ctx), bodyOf<AllocationInput>(ctx));
    ctx.status = 201;
    ctx.set('Location', `/v1/allocations/${encodeURIComponent(doc._id)}`);
    ctx.body = present(ctx)(doc);
  });

  router.get(
    '/',
    requireRole('admin', 'consultant', 'provider'),
    validateQuery(registry, 'allocation-query.v1.json'),
    async (ctx) => {
      const page = readPageRequest(ctx);
      const filters: AllocationFilters = {};
      for (const key of ['teamCode', 'providerAgbCode', 'municipalityCode', 'contractNumber', 'status'] as const) {
        const value = queryParam(ctx, key);
        if (value !== undefined) (filters as Record<string, string>)[key] = value;
      }
      const docs = await allocations.list(actorOf(ctx), filters, page.limit, page.after);
      ctx.body = toPage(docs, page, (d) => d._id, presentItem(ctx));
    },
  );

  router.post(
    '/search',
    requireRole('admin', 'consultant', 'provider'),
    jsonBody(config.bodyLimit),
    validateBody(registry, 'allocation-search.v1.json'),
    async (ctx) => {
      const docs = await allocations.list(actorOf(ctx), { bsn: bodyOf<{ bsn: string }>(ctx).bsn }, 500);
      ctx.body = { items: docs.slice(0, 500).map(presentItem(ctx)), nextCursor: null };
    },
  );

  router.post(
    '/import',
    requireRole('admin', 'consultant'),
    validateQuery(registry, 'allocation-import-query.v1.json'),
    async (ctx) => {
      const { stream, format } = importStream(ctx, config.importBodyLimit);
      try {
        ctx.body = await services.allocationImport.run(actorOf(ctx), stream, format, queryParam(ctx, 'teamCode'));
      } catch (err) {
        stream.destroy();
        throw asUploadError(err);
      }
    },
  );

  router.post(
    '/bulk-extension',
    requireRole('admin', 'consultant'),
    ...createChain(deps, 'bulk-extension.v1.json'),
    async (ctx) => {
      ctx.body = await services.extensionRequests.bulkExtend(actorOf(ctx), bodyOf<BulkExtensionInput>(ctx));
    },
  );

  router.get('/:allocationNumber', requireRole('admin', 'consultant', 'provider'), async (ctx) => {
    ctx.body = present(ctx)(await allocations.get(actorOf(ctx), ctx.params.allocationNumber ?? ''));
  });

  router.patch(
    '/:allocationNumber',
    requireRole('admin', 'consultant'),
    jsonBody(config.bodyLimit),
    validateBody(registry, 'allocation-patch.v1.json'),
    async (ctx) => {
      ctx.body = present(ctx)(
        await allocations.update(actorOf(ctx), ctx.params.allocationNumber ?? '', bodyOf<AllocationPatch>(ctx)),
      );
    },
  );
  return router;
}
