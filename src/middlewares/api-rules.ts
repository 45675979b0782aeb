/**
 * The Dutch API Design Rules every response follows (Logius ADR 2.1): `API-Version`
 * on every response (API-57), and `Cache-Control: no-store` unless a route says
 * otherwise, so no response with client or case data is kept by a cache or browser.
 */
import type { AppMiddleware } from './state';

export function apiRules(version: string): AppMiddleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      // set after the handler and the error middleware: an error answer carries them too
      ctx.set('API-Version', version);
      if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store');
    }
  };
}
