import { errors } from '../../errors';
import { flagsPolicy } from '../../policies/flags.policy';
import { presentFlag } from '../../presenters/flags.presenter';
import type { FlagFilters } from '../../services/flags/flags.service';
import { actorOf, bodyOf, queryFilters, queryParam } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Flags';

/** GET /v1/flags (with counts per type), POST /v1/flags/{id}/acknowledge and /resolve. */
export const flagRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/v1/flags',
    operationId: 'listFlags',
    tag,
    summary: 'Flags in your scope, newest first, with counts per type',
    allow: flagsPolicy.allow('list'),
    query: 'flag-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<FlagFilters>(ctx, [
          'type',
          'status',
          'severity',
          'providerAgbCode',
          'teamCode',
          'municipalityCode',
        ]);
        const since = queryParam(ctx, 'raisedSince');
        if (since) filters.raisedSince = new Date(since);
        const { flags, counts, countedSince } = await services.flags.list(actorOf(ctx), filters, page);
        const key = (f: { _id: string; raisedAt: Date }) => `${f.raisedAt.toISOString()}|${f._id}`;
        ctx.body = {
          ...toPage(flags, page, key, presentFlag),
          counts,
          ...(countedSince ? { countedSince: countedSince.toISOString() } : {}),
        };
      },
  },
  {
    method: 'post',
    path: '/v1/flags/{id}/acknowledge',
    operationId: 'acknowledgeFlag',
    tag,
    summary: 'Acknowledge a flag (it is being handled)',
    allow: flagsPolicy.allow('acknowledge'),
    body: { schema: 'flag-action.v1.json', optional: true },
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const flag = await services.flags.acknowledge(
          actorOf(ctx),
          ctx.params.id ?? '',
          bodyOf(ctx, 'flag-action.v1.json').note,
        );
        ctx.body = presentFlag(flag);
      },
  },
  {
    method: 'post',
    path: '/v1/flags/{id}/resolve',
    operationId: 'resolveFlag',
    tag,
    summary: 'Resolve a flag, saying what was done',
    allow: flagsPolicy.allow('resolve'),
    body: { schema: 'flag-action.v1.json' },
    success: 200,
    returns: 'object',
    handler:
      ({ services }) =>
      async (ctx) => {
        const { note } = bodyOf(ctx, 'flag-action.v1.json');
        if (!note) throw errors.validation([{ path: '/note', message: 'is required: say what was done' }]);
        ctx.body = presentFlag(await services.flags.resolve(actorOf(ctx), ctx.params.id ?? '', note));
      },
  },
];
