import type Koa from 'koa';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import type { Role } from '../../src/records';
import { createMetrics, type Metrics } from '../../src/metrics';
import type { AppState } from '../../src/middlewares/state';
import { buildServices, type Services } from '../../src/services';
import { SchemaRegistry } from '../../src/validation/schemas';
import { createTestDatabase, type TestDatabase } from './db';
import { captureLogger, type CapturedLogger } from './log-capture';

/** A controllable clock: tests move time on without waiting. */
export class TestClock {
  constructor(private current = new Date('2026-07-01T08:00:00Z')) {}
  now = (): Date => new Date(this.current);
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

/** Everything a test needs: real database, real app, captured logs, a clock. */
export interface Harness {
  config: Config;
  db: TestDatabase;
  services: Services;
  registry: SchemaRegistry;
  metrics: Metrics;
  log: CapturedLogger;
  clock: TestClock;
  app: Koa<AppState>;
  http: ReturnType<typeof supertest>;
  /** Creates a token for a role (with scope) and returns the Authorization header value. */
  bearer(role: Role, scope?: { providerAgbCode?: string; teamCode?: string }): Promise<string>;
  close(): Promise<void>;
}

const registry = new SchemaRegistry();

/** A fixed BSN key for tests (never used outside them). */
export const TEST_BSN_KEY = Buffer.alloc(32, 7);

/** Builds a harness over a fresh database of its own. */
export async function createHarness(env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  const db = await createTestDatabase();
  // many clients of a test share one address and often one token: limits are tested where they are the subject
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      JOBS_ENABLED: 'false',
      LOG_FORMAT: 'json',
      RATE_LIMIT_PER_ADDRESS: '0',
      RATE_LIMIT_PER_TOKEN: '0',
      ...env,
    },
    false,
  );
  const clock = new TestClock();
  const log = captureLogger();
  const services = buildServices({
    database: db.database,
    config,
    clock: clock.now,
    bsnKey: TEST_BSN_KEY,
    schemas: registry,
  });
  const metrics = createMetrics();
  const app = createApp({
    config,
    database: db.database,
    services,
    registry,
    metrics,
    logger: log.logger,
    clock: clock.now,
  });
  return {
    config,
    db,
    services,
    registry,
    metrics,
    log,
    clock,
    app,
    get http() {
      return supertest(app.callback()); // composed per use, so middleware added by a test takes part
    },
    async bearer(role, scope = {}) {
      const { token } = await services.tokens.create({ role, ...scope, label: `test ${role}` }, 'test');
      return `Bearer ${token}`;
    },
    async close() {
      await services.kpiRecomputations.settled(); // a recomputation a test started runs to its end first
      await db.drop();
    },
  };
}
