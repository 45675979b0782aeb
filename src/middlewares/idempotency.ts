import { errors } from '../errors';
import { apiActor } from '../services/actor';
import type { IdempotencyService } from '../services/operations/idempotency.service';
import { principalOf } from './auth';
import type { AppMiddleware } from './state';

const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['location', 'content-type'];

/**
 * Idempotency-Key for creating POSTs (after the body is parsed, before validation):
 * the first request with a key claims it (with an owner and a lease it renews while it
 * works) and its final answer is stored, sealed; a replay with the same key and body
 * gets that answer (same status and body, audited), concurrent duplicates wait for it,
 * a claim whose holder died is taken over when its lease ends, and the same key with
 * another body is 422 `idempotency-key-reused`. Keys are scoped to the caller's
 * organisation. A 5xx or a transient answer (409 busy, 429, 503) releases the key.
 */
export function idempotent(service: IdempotencyService): AppMiddleware {
  return async (ctx, next) => {
    const key = ctx.get('Idempotency-Key');
    if (!key) {
      await next();
      return;
    }
    if (!KEY.test(key))
      throw errors.badRequest('invalid-idempotency-key', 'Idempotency-Key must be 1-255 visible ASCII characters.');
    const acquired = await service.acquire(
      service.recordId(principalOf(ctx), key),
      service.fingerprint(ctx.method, ctx.path, ctx.request.body),
      apiActor(principalOf(ctx), ctx.state.requestId, ctx.ip),
      ctx.path,
    );
    if ('replay' in acquired) {
      const answer = acquired.replay;
      for (const [name, value] of Object.entries(answer.headers)) ctx.set(name, value);
      ctx.status = answer.status;
      ctx.body = answer.body;
      ctx.set('Idempotent-Replayed', 'true');
      return;
    }
    const { claim } = acquired;
    if (acquired.resuming) ctx.state.resumingClaim = true; // what the cut-short attempt stored is ours
    const stopRenewing = service.keepAlive(claim);
    try {
      await next();
    } catch (err) {
      await stopRenewing();
      await service.settleError(claim, err, `urn:request:${ctx.state.requestId}`);
      throw err;
    }
    await stopRenewing();
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = ctx.response.get(name);
      if (typeof value === 'string' && value) headers[name] = value;
    }
    await service.settle(claim, { status: ctx.status, body: ctx.body, headers });
  };
}
