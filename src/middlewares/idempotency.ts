import { setTimeout as sleep } from 'node:timers/promises';
import { errors, HttpError } from '../errors';
import { apiActor } from '../services/actor';
import { CLAIM_LEASE_MS, type Claim, type IdempotencyService } from '../services/operations/idempotency.service';
import { principalOf } from './auth';
import type { AppMiddleware } from './state';

const KEY = /^[\x21-\x7e]{1,255}$/;
/** How long a duplicate waits for the first request with its key before it is told to retry (409 with Retry-After). */
const WAIT_MS = 5_000;
const REPLAYED_HEADERS = ['location', 'content-type'];
/** Answers that say "not now" rather than "no": never stored, so a retry runs again. */
const TRANSIENT_PROBLEMS = new Set(['busy', 'request-in-progress', 'rate-limited', 'service-unavailable']);

/** True for an answer a retry must not get again: a 5xx, a 429, or a transient 409. */
function isTransient(err: unknown): boolean {
  return !(err instanceof HttpError) || err.status >= 500 || err.status === 429 || TRANSIENT_PROBLEMS.has(err.id);
}

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
    const id = service.recordId(principalOf(ctx), key);
    const requestHash = service.fingerprint(ctx.method, ctx.path, ctx.request.body);

    const deadline = Date.now() + WAIT_MS;
    let claim: Claim | null = null;
    while (!claim) {
      const result = await service.claim(id, requestHash);
      if ('claimed' in result) {
        claim = result.claimed;
        break;
      }
      const existing = result.existing;
      if (existing.requestHash !== requestHash) throw errors.idempotencyKeyReused();
      if (existing.state === 'done') {
        const answer = await service.replay(
          apiActor(principalOf(ctx), ctx.state.requestId, ctx.ip),
          existing,
          ctx.path,
        );
        for (const [name, value] of Object.entries(answer.headers)) ctx.set(name, value);
        ctx.status = answer.status;
        ctx.body = answer.body;
        ctx.set('Idempotent-Replayed', 'true');
        return;
      }
      if (service.isAbandoned(existing)) {
        claim = await service.takeOver(existing);
        if (claim) {
          ctx.state.resumingClaim = true; // what the cut-short attempt stored is ours
          break;
        }
      }
      if (Date.now() > deadline)
        throw errors.conflict(
          'request-in-progress',
          'A request with this Idempotency-Key is still being processed; retry in a moment.',
          { headers: { 'Retry-After': '1' } },
        );
      await sleep(50);
    }

    const held = claim;
    // Renewals are chained and awaited before the answer is stored, so none lands after
    // it; each is conditioned on our ownership anyway.
    let renewing: Promise<unknown> = Promise.resolve();
    const renewal = setInterval(() => {
      renewing = renewing.then(() => held.renew()).catch(() => undefined);
    }, CLAIM_LEASE_MS / 3);
    renewal.unref();
    const stopRenewing = async () => {
      clearInterval(renewal);
      await renewing;
    };
    try {
      await next();
    } catch (err) {
      await stopRenewing();
      if (isTransient(err)) await service.release(held);
      else
        await service.complete(held, {
          status: (err as HttpError).status,
          body: (err as HttpError).toProblem(`urn:request:${ctx.state.requestId}`),
          headers: { 'content-type': 'application/problem+json', ...(err as HttpError).extras.headers },
        });
      throw err;
    }
    await stopRenewing();
    if (ctx.status >= 500 || ctx.status === 429) {
      await service.release(held);
      return;
    }
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = ctx.response.get(name);
      if (typeof value === 'string' && value) headers[name] = value;
    }
    await service.complete(held, { status: ctx.status, body: ctx.body, headers });
  };
}
