import { createHarness, type Harness } from '../support/harness';

describe('logging', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  test('one line per request with request id, method, path, status and duration', async () => {
    await h.http.get('/healthz').set('X-Request-Id', 'log-line-1');
    const line = h.log.lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.requestId === 'log-line-1');
    expect(line).toMatchObject({
      msg: 'request completed',
      method: 'GET',
      path: '/healthz',
      status: 200,
      durationMs: expect.any(Number),
    });
  });

  test('no token, cookie or BSN ever reaches the log', async () => {
    const admin = await h.bearer('admin');
    const secret = admin.replace('Bearer ', '');
    await h.http
      .post('/v1/tokens')
      .set('Authorization', admin)
      .set('Cookie', 'session=cookie-secret-value')
      .send({ role: 'provider', providerAgbCode: '12345678', label: 'client 123456782' });
    await h.http.get('/v1/tokens?bsn=123456782').set('Authorization', admin);
    // a direct log call with client data in objects, nested arrays and free text
    h.log.logger.info(
      {
        client: { bsn: '123456782', name: 'x' },
        rows: [{ bsn: '111222333' }],
        headers: { authorization: admin, cookie: 'a=b' },
      },
      'imported client 123456782',
    );
    h.log.logger.error({ err: new Error('duplicate bsn 123456782') }, 'failed');
    const text = h.log.text();
    expect(text).toContain('imported client [BSN]');
    expect(text).toContain('[Redacted]');
    for (const forbidden of [secret, secret.split('.')[1]!, 'cookie-secret-value', '123456782', '111222333']) {
      expect(text).not.toContain(forbidden);
    }
  });

  test('a BSN in a URL path never reaches the log line (9 digits, or 8 without the leading zero), nor the metrics', async () => {
    const admin = await h.bearer('admin');
    await h.http.get('/v1/allocations/123456782').set('Authorization', admin).set('X-Request-Id', 'bsn-path-1');
    await h.http.get('/v1/nothing/12345672/x').set('X-Request-Id', 'bsn-path-2');
    h.log.logger
      .child({ note: 'child of 123456782' })
      .child({ inner: { bsn: '123456782' } })
      .info('nested');
    const lines = h.log.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.find((l) => l.requestId === 'bsn-path-1')).toMatchObject({
      path: '/v1/allocations/[BSN]',
      status: 404,
    });
    expect(lines.find((l) => l.requestId === 'bsn-path-2')).toMatchObject({ path: '/v1/nothing/[BSN]/x' });
    // AGB codes and other numbers that fail the 11-check stay readable
    await h.http.get('/v1/providers/12345678/scorecard').set('Authorization', admin).set('X-Request-Id', 'agb-path');
    expect(
      h.log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.requestId === 'agb-path'),
    ).toMatchObject({ path: '/v1/providers/12345678/scorecard' });
    const text = h.log.text();
    expect(text).not.toContain('123456782');
    expect(text).not.toContain('12345672');
    expect(await h.metrics.registry.metrics()).not.toContain('123456782');
  });
});
