import crypto from 'node:crypto';
import { ALL_JOBS } from '../../../jobs';
import { errors } from '../../errors';
import { auditPolicy } from '../../policies/audit.policy';
import { operationsPolicy } from '../../policies/operations.policy';
import { presentAuditEvent } from '../../presenters/audit.presenter';
import { presentOutboxMessage } from '../../presenters/flags.presenter';
import { presentJob } from '../../presenters/operations.presenter';
import type { AuditEventFilters } from '../../services/audit/audit.service';
import type { OutboxFilters } from '../../services/delivery/outbox.service';
import { queryFilters } from '../context';
import { readPageRequest, toPage } from '../pagination';
import type { RouteDeclaration } from '../route';

const tag = 'Operations';

function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

/**
 * The probes: health (process up, and its embedded engine not given up on),
 * readiness (database answers), Prometheus metrics. No token needed.
 */
export const probeRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/healthz',
    operationId: 'health',
    tag,
    summary: 'The process runs',
    allow: 'public',
    success: 200,
    returns: 'object',
    handler:
      ({ engineState }) =>
      (ctx) => {
        if (engineState?.() === 'failed')
          throw errors.unavailable('The embedded database engine stopped and cannot be restarted; see the log.');
        ctx.body = { status: 'ok', ...(engineState ? { engine: engineState() } : {}) };
      },
  },
  {
    method: 'get',
    path: '/readyz',
    operationId: 'readiness',
    tag,
    summary: 'The database answers',
    allow: 'public',
    success: 200,
    returns: 'object',
    handler:
      ({ database }) =>
      async (ctx) => {
        if (!(await database.ping(2000))) throw errors.unavailable('The database does not answer.');
        ctx.body = { status: 'ready' };
      },
  },
  {
    method: 'get',
    path: '/metrics',
    operationId: 'metrics',
    tag,
    summary: 'Prometheus metrics (bearer METRICS_TOKEN when configured)',
    allow: 'public',
    success: 200,
    returns: 'text',
    handler:
      ({ metrics, config }) =>
      async (ctx) => {
        if (config.metricsToken) {
          const presented = /^Bearer\s+(\S+)$/i.exec(ctx.get('Authorization'))?.[1] ?? '';
          if (!sameSecret(presented, config.metricsToken)) throw errors.unauthorized();
        }
        ctx.type = metrics.registry.contentType;
        ctx.body = await metrics.registry.metrics();
      },
  },
];

/** Operations for admins: the scheduled jobs, the outbox, the audit trail. */
export const operationRoutes: RouteDeclaration[] = [
  {
    method: 'get',
    path: '/v1/jobs',
    operationId: 'listJobs',
    tag,
    summary: 'Scheduled jobs: schedule, last run, next run',
    allow: operationsPolicy.allow('listJobs'),
    success: 200,
    returns: 'page',
    handler:
      ({ services, clock }) =>
      async (ctx) => {
        ctx.body = { items: (await services.jobs.overview(ALL_JOBS, clock())).map(presentJob), nextCursor: null };
      },
  },
  {
    method: 'get',
    path: '/v1/outbox',
    operationId: 'listOutbox',
    tag,
    summary: 'Outgoing messages and their delivery attempts (dead letters included)',
    allow: operationsPolicy.allow('listOutbox'),
    query: 'outbox-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<OutboxFilters>(ctx, ['status', 'channel']);
        const docs = await services.outbox.dangerousPageAll(filters, page.limit + 1, page.after);
        ctx.body = toPage(docs, page, (d) => d._id, presentOutboxMessage);
      },
  },
  {
    method: 'get',
    path: '/v1/audit-events',
    operationId: 'listAuditEvents',
    tag: 'Audit',
    summary: 'The audit trail, newest first',
    allow: auditPolicy.allow('list'),
    query: 'audit-event-query.v1.json',
    success: 200,
    returns: 'page',
    handler:
      ({ services }) =>
      async (ctx) => {
        const page = readPageRequest(ctx);
        const filters = queryFilters<AuditEventFilters>(ctx, ['clientRef', 'tokenId', 'personId', 'from', 'to']);
        const before = page.after === undefined ? undefined : Number(page.after);
        if (before !== undefined && !Number.isInteger(before))
          throw errors.badRequest('invalid-query', 'cursor is not one this API returned.');
        const docs = await services.audit.dangerousPageAll(filters, page.limit + 1, before);
        ctx.body = toPage(docs, page, (d) => String(Number(d._id)), presentAuditEvent);
      },
  },
];
