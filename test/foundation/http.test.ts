import { createHarness, type Harness } from '../support/harness';

describe('HTTP surface: problem+json for every error, request ids', () => {
  let h: Harness;
  let admin: string;
  beforeAll(async () => {
    h = await createHarness({ BODY_LIMIT: '2kb' });
    admin = await h.bearer('admin');
  });
  afterAll(() => h.close());

  const expectProblem = (
    res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
    status: number,
    id: string,
  ) => {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      type: `/problems/${id}`,
      status,
      title: expect.any(String),
      detail: expect.any(String),
    });
  };

  test('GET /healthz answers 200 without a token', async () => {
    const res = await h.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  test('unknown route: 404 problem', async () => {
    const res = await h.http.get('/v1/does-not-exist');
    expectProblem(res, 404, 'not-found');
  });

  test('wrong method: 405 problem with Allow', async () => {
    const res = await h.http.delete('/healthz');
    expectProblem(res, 405, 'method-not-allowed');
    expect(res.headers.allow).toBe('HEAD, GET');
  });

  test('malformed JSON: 400 problem, nothing stored', async () => {
    const before = await h.db.raw.col.tokens.countDocuments();
    const res = await h.http
      .post('/v1/tokens')
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send('{"role": "admin",');
    expectProblem(res, 400, 'malformed-json');
    expect(await h.db.raw.col.tokens.countDocuments()).toBe(before);
  });

  test('wrong content type: 415 problem', async () => {
    const res = await h.http
      .post('/v1/tokens')
      .set('Authorization', admin)
      .set('Content-Type', 'text/plain')
      .send('role=admin');
    expectProblem(res, 415, 'unsupported-media-type');
  });

  test('body over the limit: 413 problem', async () => {
    const res = await h.http
      .post('/v1/tokens')
      .set('Authorization', admin)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ role: 'admin', label: 'x'.repeat(3000) }));
    expectProblem(res, 413, 'payload-too-large');
  });

  test('schema violation: 422 listing every failing field with JSON Pointer paths', async () => {
    const res = await h.http
      .post('/v1/tokens')
      .set('Authorization', admin)
      .send({ role: 'wizard', providerAgbCode: '12', colour: 'blue' });
    expectProblem(res, 422, 'validation-failed');
    const paths = (res.body.errors as { path: string }[]).map((e) => e.path).sort();
    expect(paths).toEqual(['/colour', '/providerAgbCode', '/role']);
  });

  test('missing or bad token: 401 problem with WWW-Authenticate', async () => {
    expectProblem(await h.http.get('/v1/tokens'), 401, 'unauthorized');
    const bad = await h.http
      .get('/v1/tokens')
      .set('Authorization', 'Bearer yht_0000000000000000.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expectProblem(bad, 401, 'unauthorized');
    expect(bad.headers['www-authenticate']).toBe('Bearer');
  });

  test('a role without the right: 403 problem', async () => {
    const cm = await h.bearer('contract_manager');
    expectProblem(await h.http.get('/v1/tokens').set('Authorization', cm), 403, 'forbidden');
  });

  test('echoes a well-formed X-Request-Id and makes one otherwise', async () => {
    const echoed = await h.http.get('/healthz').set('X-Request-Id', 'abc-123.def');
    expect(echoed.headers['x-request-id']).toBe('abc-123.def');
    const made = await h.http.get('/healthz').set('X-Request-Id', 'no spaces or <tags> allowed');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const problem = await h.http.get('/nope').set('X-Request-Id', 'trace-42');
    expect(problem.body.instance).toBe('urn:request:trace-42');
  });

  test('an unexpected error is a bare 500 problem, logged in full but not leaked', async () => {
    // a middleware behind the routers stands in for a handler that fails unexpectedly
    h.app.use(async (ctx, next) => {
      if (ctx.path === '/explode') throw new Error('secret internals: mongodb://user:pw@host');
      await next();
    });
    const res = await h.http.get('/explode');
    expectProblem(res, 500, 'internal-error');
    expect(JSON.stringify(res.body)).not.toContain('secret internals');
    expect(h.log.text()).toContain('secret internals');
  });

  test('security headers are set and CORS is off by default', async () => {
    const res = await h.http.get('/healthz').set('Origin', 'https://evil.example');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
