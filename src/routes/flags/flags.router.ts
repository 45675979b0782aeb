import Router from '@koa/router';
import { errors } from '../../errors';
import { authenticate, principalOf, requireRole } from '../../middlewares/auth';
import { jsonBody } from '../../middlewares/body';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateBody, validateQuery } from '../../middlewares/validate';
import { presentFlag } from '../../presenters/flag.presenter';
import type { FlagFilters } from '../../services/flags.service';
import { actorOf, bodyOf, queryParam } from '../context';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

/** GET /v1/flags (with counts per type), POST /v1/flags/{id}/acknowledge and /resolve. */
export function flagsRouter({ services, registry, config }: RouteDeps): AppRouter {
  const router = new Router<AppState>({ prefix: '/v1/flags' });
  router.use(authenticate(services.tokens));

  router.get(
    '/',
    requireRole('consultant', 'contract_manager', 'provider'),
    validateQuery(registry, 'flag-query.v1.json'),
    async (ctx) => {
      const page = readPageRequest(ctx);
      const filters: FlagFilters = {};
      for (const key of ['type', 'status', 'severity', 'providerAgbCode', 'teamCode', 'municipalityCode'] as const) {
        const value = queryParam(ctx, key);
        if (value !== undefined) (filters as Record<string, string>)[key] = value;
      }
      const since = queryParam(ctx, 'raisedSince');
      if (since) filters.raisedSince = new Date(since);
      const { flags, counts } = await services.flags.list(actorOf(ctx), filters);
      const key = (f: { _id: string; raisedAt: Date }) => `${f.raisedAt.toISOString()}|${f._id}`;
      // newest first, then by id: continue after the cursor's position even when its flag has gone
      const [afterAt = '', afterId = ''] = (page.after ?? '').split('|');
      const start = page.after
        ? flags.findIndex(
            (f) => f.raisedAt.toISOString() < afterAt || (f.raisedAt.toISOString() === afterAt && f._id > afterId),
          )
        : 0;
      const viewer = principalOf(ctx);
      ctx.body = {
        ...toPage(
          flags.slice(start < 0 ? flags.length : start, (start < 0 ? flags.length : start) + page.limit + 1),
          page,
          key,
          (f) => presentFlag(f, viewer),
        ),
        counts,
      };
    },
  );

  router.post(
    '/:id/acknowledge',
    requireRole('consultant', 'contract_manager'),
    jsonBody(config.bodyLimit, true),
    validateBody(registry, 'flag-action.v1.json'),
    async (ctx) => {
      ctx.body = presentFlag(
        await services.flags.acknowledge(actorOf(ctx), ctx.params.id ?? '', bodyOf<{ note?: string }>(ctx).note),
        principalOf(ctx),
      );
    },
  );

  router.post(
    '/:id/resolve',
    requireRole('consultant', 'contract_manager'),
    jsonBody(config.bodyLimit),
    validateBody(registry, 'flag-action.v1.json'),
    async (ctx) => {
      const { note } = bodyOf<{ note?: string }>(ctx);
      if (!note) throw errors.validation([{ path: '/note', message: 'is required: say what was done' }]);
      ctx.body = presentFlag(await services.flags.resolve(actorOf(ctx), ctx.params.id ?? '', note), principalOf(ctx));
    },
  );
  return router;
}
