import type Router from '@koa/router';
import type { RouterContext, RouterMiddleware } from '@koa/router';
import type { Logger } from '../logger';
import type { Principal } from '../policies/principal';

/** What the middlewares put on ctx.state, typed for handlers. */
export interface AppState {
  requestId: string;
  log: Logger;
  principal?: Principal;
  /** Counts a request against its token's rate limit (set by the rate-limit middleware). */
  limitPrincipal?: (tokenId: string) => Promise<void>;
  /** The schema the body was validated with (set by `validateBody`, read by `bodyOf`). */
  bodySchema?: string;
  /** Set when this request took over an abandoned Idempotency-Key claim (see `Actor.resuming`). */
  resumingClaim?: boolean;
}

/** The Koa context every middleware and handler receives. */
export type AppContext = RouterContext<AppState>;

/** A middleware over the hub's state. */
export type AppMiddleware = RouterMiddleware<AppState>;

/** A router over the hub's state. */
export type AppRouter = Router<AppState>;
