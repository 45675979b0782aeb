import { createHarness, type Harness } from '../support/harness';

describe('GET /metrics', () => {
  let h: Harness;
  afterEach(() => h.close());

  test('Prometheus text with HTTP requests by route and status, and process metrics', async () => {
    h = await createHarness();
    await h.http.get('/healthz');
    await h.http.get('/nope');
    const res = await h.http.get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain('hub_http_requests_total{method="GET",route="/healthz",status="200"} 1');
    expect(res.text).toContain('hub_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(res.text).toMatch(
      /hub_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/healthz",status="200"\}/,
    );
    expect(res.text).toContain('process_resident_memory_bytes');
    expect(res.text).toContain('# TYPE hub_job_runs_total counter');
  });

  test('with METRICS_TOKEN set, only that bearer token may read them', async () => {
    h = await createHarness({ METRICS_TOKEN: 'metrics-secret-0123456789' });
    expect((await h.http.get('/metrics')).status).toBe(401);
    expect((await h.http.get('/metrics').set('Authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
    expect((await h.http.get('/metrics').set('Authorization', 'Bearer metrics-secret-0123456789')).status).toBe(200);
  });
});
