import type { Config } from '../config';
import type { EngineState } from '../engine/embedded';
import type { Logger } from '../logger';
import type { Metrics } from '../metrics';
import type { Services } from '../services';
import type { SchemaRegistry } from '../validation/schemas';

/** What routers need: services to call, schemas to validate against, and settings. */
export interface RouteDeps {
  config: Config;
  /** The database, as far as readiness asks it: does it answer within the time? */
  database: { ping(timeoutMs: number): Promise<boolean> };
  services: Services;
  registry: SchemaRegistry;
  metrics: Metrics;
  logger: Logger;
  clock: () => Date;
  /** The embedded engine's state when this process supervises one (/healthz turns 503 when it failed). */
  engineState?: () => EngineState;
}
