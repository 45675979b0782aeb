import { connectDatabase } from '../../src/db/client';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createMetrics } from '../../src/metrics';
import { buildServices } from '../../src/services';
import { SchemaRegistry } from '../../src/validation/schemas';
import supertest from 'supertest';
import { startTestEngine } from '../support/test-engine';
import { captureLogger } from '../support/log-capture';
import { eventually } from '../support/processes';
import { TEST_BSN_KEY } from '../support/harness';

describe('GET /readyz follows the database', () => {
  test('200, then 503 while the engine is down, then 200 again without a restart', async () => {
    const first = await startTestEngine();
    const database = await connectDatabase(first.engine.uri, 'readiness');
    const clock = () => new Date();
    const metrics = createMetrics();
    const registry = new SchemaRegistry();
    const config = loadConfig({ NODE_ENV: 'test' }, false);
    const app = createApp({
      config,
      database,
      services: buildServices({ database, config, clock, bsnKey: TEST_BSN_KEY, schemas: registry }),
      registry,
      metrics,
      logger: captureLogger().logger,
      clock,
    });
    const http = supertest(app.callback());
    let second: Awaited<ReturnType<typeof startTestEngine>> | undefined;
    try {
      expect((await http.get('/readyz')).status).toBe(200);

      await first.engine.stop();
      const down = await http.get('/readyz');
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ type: '/problems/service-unavailable', status: 503 });
      expect((await http.get('/healthz')).status).toBe(200); // the process itself is fine

      second = await startTestEngine({ dir: first.dir });
      await eventually(async () => (await http.get('/readyz')).status === 200, 30_000, 'readiness to come back');
    } finally {
      await database.close();
      await first.engine.stop();
      await second?.engine.stop();
    }
  });
});
