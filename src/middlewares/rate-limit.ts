import type { Middleware } from 'koa';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { errors } from '../errors';
import type { AppState } from './state';

/** Paths that monitoring polls: never limited. */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

async function consume(limiter: RateLimiterMemory | null, key: string, what: string): Promise<void> {
  if (!limiter) return;
  try {
    await limiter.consume(key);
  } catch (res) {
    if (!(res instanceof RateLimiterRes)) throw res;
    throw errors.tooManyRequests(Math.max(1, Math.ceil(res.msBeforeNext / 1000)), what);
  }
}

/**
 * Back-pressure per client address (every request) and per token (once it is
 * authenticated: `ctx.state.limitPrincipal`, called by `authenticate`), each a number
 * of requests per minute, counted in this instance's memory. Above it: 429 problem
 * with Retry-After.
 */
export function rateLimits(config: Pick<Config, 'rateLimitPerToken' | 'rateLimitPerAddress'>): Middleware<AppState> {
  const perAddress =
    config.rateLimitPerAddress > 0 ? new RateLimiterMemory({ points: config.rateLimitPerAddress, duration: 60 }) : null;
  const perToken =
    config.rateLimitPerToken > 0 ? new RateLimiterMemory({ points: config.rateLimitPerToken, duration: 60 }) : null;
  return async (ctx, next) => {
    if (EXEMPT.has(ctx.path)) {
      await next();
      return;
    }
    await consume(perAddress, ctx.ip, `More than ${config.rateLimitPerAddress} requests a minute from your address`);
    ctx.state.limitPrincipal = (tokenId) =>
      consume(perToken, tokenId, `More than ${config.rateLimitPerToken} requests a minute with this token`);
    await next();
  };
}
