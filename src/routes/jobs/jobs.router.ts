import Router from '@koa/router';
import { ALL_JOBS } from '../../../jobs';
import { authenticate, requireRole } from '../../middlewares/auth';
import type { AppRouter, AppState } from '../../middlewares/state';
import { validateQuery } from '../../middlewares/validate';
import { presentOutboxMessage } from '../../presenters/flag.presenter';
import { scheduleOf } from '../../scheduler/job';
import { adjacentTick } from '../../scheduler/scheduler';
import { queryParam } from '../context';
import type { RouteDeps } from '../deps';
import { readPageRequest, toPage } from '../pagination';

/** GET /v1/jobs (admin): each job's schedule, last run, next run; GET /v1/outbox (admin): messages and dead letters. */
export function jobsRouter({ services, database, config, registry, clock }: RouteDeps): AppRouter {
  const router = new Router<AppState>({ prefix: '/v1' });
  // per route, not router.use: on a router prefixed with just /v1 that would guard every /v1 path
  const adminOnly = [authenticate(services.tokens), requireRole('admin')];

  router.get('/jobs', ...adminOnly, async (ctx) => {
    const state = new Map(
      (await database.col.jobState.find({}, { comment: 'dangerous: every job state (one per job)' }).toArray()).map(
        (l) => [l._id, l],
      ),
    );
    const now = clock();
    ctx.body = {
      items: ALL_JOBS.map((job) => {
        const schedule = scheduleOf(job, config);
        const last = state.get(job.name)?.lastRun;
        return {
          name: job.name,
          schedule,
          timeZone: 'Europe/Amsterdam',
          description: job.description,
          enabledHere: config.jobsEnabled,
          nextRun: adjacentTick(schedule, now, 1)?.toISOString() ?? null,
          lastRun: last
            ? {
                trigger: last.trigger,
                startedAt: last.startedAt.toISOString(),
                finishedAt: last.finishedAt.toISOString(),
                outcome: last.outcome,
                counts: last.counts ?? null,
                error: last.error ?? null,
              }
            : null,
        };
      }),
      nextCursor: null,
    };
  });

  router.get('/outbox', ...adminOnly, validateQuery(registry, 'outbox-query.v1.json'), async (ctx) => {
    const page = readPageRequest(ctx);
    const filter: Record<string, string> = {};
    for (const key of ['status', 'channel'] as const) {
      const value = queryParam(ctx, key);
      if (value) filter[key] = value;
    }
    ctx.body = toPage(
      await services.outbox.page(filter, page.limit + 1, page.after),
      page,
      (d) => d._id,
      presentOutboxMessage,
    );
  });
  return router;
}
