import crypto from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { errors, HttpError } from '../errors';
import type { IdempotencyRepository } from '../repositories/idempotency.repository';
import { principalOf } from './auth';
import type { AppContext, AppMiddleware } from './state';

const KEY = /^[\x21-\x7e]{1,255}$/;
const WAIT_MS = 15_000;
const REPLAYED_HEADERS = ['location', 'content-type'];

/** JSON with object keys sorted, so equal bodies hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function replay(ctx: AppContext, stored: { status?: number; body?: unknown; headers?: Record<string, string> }): void {
  for (const [name, value] of Object.entries(stored.headers ?? {})) ctx.set(name, value);
  ctx.status = stored.status ?? 200;
  ctx.body = stored.body;
  ctx.set('Idempotent-Replayed', 'true');
}

/**
 * Idempotency-Key for creating POSTs (after the body is parsed, before validation):
 * the first request with a key runs and its answer is stored; a replay with the same
 * key and body gets that answer (same status and body), concurrent duplicates wait
 * for it, and the same key with another body is 422 `idempotency-key-reused`. Keys
 * are scoped to the caller's organisation. A 5xx releases the key so a retry can run.
 */
export function idempotent(repo: IdempotencyRepository, clock: () => Date): AppMiddleware {
  return async (ctx, next) => {
    const key = ctx.get('Idempotency-Key');
    if (!key) {
      await next();
      return;
    }
    if (!KEY.test(key)) throw errors.badRequest('invalid-idempotency-key', 'Idempotency-Key must be 1-255 visible ASCII characters.');
    const p = principalOf(ctx);
    const id = crypto.createHash('sha256').update(`${p.role}\n${p.providerAgbCode ?? p.teamCode ?? p.tokenId}\n${key}`).digest('hex');
    const requestHash = crypto.createHash('sha256').update(`${ctx.method} ${ctx.path}\n${canonical(ctx.request.body)}`).digest('hex');

    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const existing = await repo.claim(id, requestHash, clock());
      if (!existing) break;
      if (existing.requestHash !== requestHash) throw errors.idempotencyKeyReused();
      if (existing.state === 'done') return replay(ctx, existing);
      if (Date.now() > deadline) throw errors.conflict('request-in-progress', 'A request with this Idempotency-Key is still being processed; retry later.');
      await sleep(50);
    }

    try {
      await next();
    } catch (err) {
      if (err instanceof HttpError && err.status < 500) {
        await repo.complete(id, err.status, err.toProblem(`urn:request:${ctx.state.requestId}`), { 'content-type': 'application/problem+json', ...err.extras.headers });
      } else {
        await repo.release(id);
      }
      throw err;
    }
    if (ctx.status >= 500) {
      await repo.release(id);
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = ctx.response.get(name);
      if (typeof value === 'string' && value) headers[name] = value;
    }
    await repo.complete(id, ctx.status, ctx.body, headers);
  };
}
