import type Koa from 'koa';
import { errors } from '../errors';
import type { Logger } from '../logger';
import type { AppState } from './state';

/** The least a body must bring in each `BODY_IDLE_TIMEOUT_MS` while the hub waits for it. */
export const BODY_MIN_BYTES = 1024;

/**
 * Ends a request whose body trickles: while the hub waits for the body (the request
 * stream is flowing: a reader wants data and nothing downstream holds it back), less
 * than BODY_MIN_BYTES arriving in `idleMs` is a 408 problem, and the connection is
 * closed. Time the hub itself is busy (an import applying rows, its reader paused) does
 * not count, so a large import on a fast link is never cut short, and a slow one holds
 * its import slot no longer than `idleMs` past its last kilobyte. The bytes are counted
 * on the socket, so the body's readers are not touched.
 */
export function bodyTimeout(idleMs: number, logger: Logger): Koa.Middleware<AppState> {
  const tickMs = Math.min(1000, Math.max(50, Math.floor(idleMs / 4)));
  return async (ctx, next) => {
    const req = ctx.req;
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) {
      await next();
      return;
    }
    const socket = req.socket;
    let windowStart = socket.bytesRead;
    let waited = 0;
    let lastTick = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      const elapsed = now - lastTick;
      lastTick = now;
      if (req.complete || req.destroyed) return clearInterval(timer);
      if (req.readableFlowing !== true) {
        // nobody reads yet, or the hub holds the body back: not the client's time
        waited = 0;
        windowStart = socket.bytesRead;
        return;
      }
      waited += elapsed;
      if (waited < idleMs) return;
      if (socket.bytesRead - windowStart >= BODY_MIN_BYTES) {
        waited = 0;
        windowStart = socket.bytesRead;
        return;
      }
      clearInterval(timer);
      const problem = errors.requestTimeout(idleMs);
      logger.warn(
        { requestId: ctx.state.requestId, idleMs, bytesRead: socket.bytesRead },
        'request body too slow: 408, connection closed',
      );
      if (!ctx.res.headersSent) {
        ctx.res.writeHead(408, { 'Content-Type': 'application/problem+json', Connection: 'close' });
        ctx.res.end(JSON.stringify(problem.toProblem(ctx.path)));
        ctx.res.once('finish', () => req.destroy(problem));
      } else req.destroy(problem);
    }, tickMs);
    timer.unref();
    try {
      await next();
    } finally {
      clearInterval(timer);
    }
  };
}
