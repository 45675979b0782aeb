import crypto from 'node:crypto';
import { maskBsnsInUrl } from '../domain/bsn';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { AppMiddleware } from './state';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Accepts a well-formed X-Request-Id or makes one, and echoes it on the response. */
export const requestId: AppMiddleware = async (ctx, next) => {
  const incoming = ctx.get('X-Request-Id');
  ctx.state.requestId = REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  ctx.set('X-Request-Id', ctx.state.requestId);
  await next();
};

/**
 * Gives each request its child logger (request id, method, path; never the query,
 * which may carry client data; a BSN-shaped path segment is masked) and logs one line when it ends, with status and
 * duration. Also records the HTTP metrics by matched route.
 */
export function requestLogger(logger: Logger, metrics: Metrics): AppMiddleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    ctx.state.log = logger.child({ requestId: ctx.state.requestId, method: ctx.method, path: maskBsnsInUrl(ctx.path) });
    try {
      await next();
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
      metrics.httpRequests.inc({ method: ctx.method, route, status: String(ctx.status) });
      metrics.httpDuration.observe({ method: ctx.method, route, status: String(ctx.status) }, seconds);
      const level = ctx.status >= 500 ? 'error' : 'info';
      ctx.state.log[level](
        { status: ctx.status, durationMs: Math.round(seconds * 1000), principal: ctx.state.principal?.tokenId },
        'request completed',
      );
    }
  };
}
