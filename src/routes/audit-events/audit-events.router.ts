import Router from '@koa/router';
import type { Filter } from 'mongodb';
import type { AuditEventDoc } from '../../db/documents';
import { errors } from '../../errors';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateQuery } from '../../middlewares/validate';
import { presentAuditEvent } from '../../presenters/audit.presenter';
import { queryParam } from '../context';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

/** GET /v1/audit-events (admin): the audit trail, newest first, by client, token and time. */
export function auditEventsRouter({ services, registry }: RouteDeps): AppRouter {
  const router = new Router<AppState>({ prefix: '/v1/audit-events' });
  router.use(authenticate(services.tokens), requireRole('admin'));

  router.get('/', validateQuery(registry, 'audit-event-query.v1.json'), async (ctx) => {
    const page = readPageRequest(ctx);
    const filter: Filter<AuditEventDoc> = {};
    const clientRef = queryParam(ctx, 'clientRef');
    const tokenId = queryParam(ctx, 'tokenId');
    const from = queryParam(ctx, 'from');
    const to = queryParam(ctx, 'to');
    if (clientRef) filter.clientRef = clientRef;
    if (tokenId) filter['actor.tokenId'] = tokenId;
    if (from || to) filter.at = { ...(from ? { $gte: new Date(from) } : {}), ...(to ? { $lt: new Date(to) } : {}) };
    const before = page.after === undefined ? undefined : Number(page.after);
    if (before !== undefined && !Number.isInteger(before))
      throw errors.badRequest('invalid-query', 'cursor is not one this API returned.');
    const docs = await services.audit.list(filter, page.limit + 1, before);
    ctx.body = toPage(docs, page, (d) => String(Number(d._id)), presentAuditEvent);
  });
  return router;
}
