import { execFile } from 'node:child_process';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import { createHarness, type Harness } from '../support/harness';
import { seedRegion, tokensFor } from '../support/factories';
import type supertest from 'supertest';

/** The parts of an OpenAPI operation the role and schema check reads. */
interface Operation {
  'x-roles': string[];
  parameters: { in: string; name: string }[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
}

describe('published schemas and the OpenAPI document', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness();
  });
  afterAll(() => h.close());

  test('every schema carries a complete example that validates against it', () => {
    for (const doc of h.registry.documents.filter((d) => !d.$id.startsWith('common/'))) {
      expect({ id: doc.$id, examples: (doc.examples ?? []).length > 0 }).toEqual({ id: doc.$id, examples: true });
      for (const example of doc.examples ?? [])
        expect({ id: doc.$id, errors: h.registry.validate(doc.$id, example) }).toEqual({ id: doc.$id, errors: [] });
    }
  });

  test('GET /v1/schemas lists them and GET /v1/schemas/{id} serves the very files that validate requests', async () => {
    const provider = await h.bearer('contract_manager');
    const list = await h.http.get('/v1/schemas').set('Authorization', provider);
    expect(list.body.items.map((s: { id: string }) => s.id)).toEqual(
      expect.arrayContaining([
        'evaluation.v1.json',
        'extension-request.v1.json',
        'quarterly-report.v1.json',
        'common/codes.v1.json',
      ]),
    );
    const forms = (list.body.items as { id: string; formVersion?: string }[]).filter((s) => s.formVersion);
    expect(forms.map((s) => [s.id, s.formVersion])).toEqual([
      ['evaluation-form-1.1.v1.json', '1.1'],
      ['evaluation.v1.json', '1.0'],
    ]);
    const one = await h.http.get('/v1/schemas/evaluation.v1.json').set('Authorization', provider);
    expect(one.headers['content-type']).toMatch(/application\/schema\+json/);
    expect(JSON.parse(one.text)).toEqual(h.registry.get('evaluation.v1.json'));
    expect((await h.http.get('/v1/schemas/common/codes.v1.json').set('Authorization', provider)).status).toBe(200);
    expect((await h.http.get('/v1/schemas/nope.v1.json').set('Authorization', provider)).status).toBe(404);
    expect((await h.http.get('/v1/schemas')).status).toBe(401);
  });

  test('GET /openapi.json is OpenAPI 3.1 that passes the Redocly linter (recommended rules) without errors or warnings', async () => {
    const res = await h.http.get('/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const lint = execFile(process.execPath, [path.join(PROJECT_ROOT, 'test', 'support', 'lint-openapi.mjs')], {
      cwd: PROJECT_ROOT,
    });
    lint.stdin!.end(res.text);
    let out = '';
    lint.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
    });
    await new Promise((resolve) => lint.on('close', resolve));
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines[lines.length - 1]).toEqual({ done: true, count: lines.length - 1 });
    expect(lines.slice(0, -1)).toEqual([]);
  });

  test('the document embeds the request schemas and names every endpoint the routers serve', async () => {
    const doc = (await h.http.get('/openapi.json')).body;
    expect(doc.paths['/v1/evaluations'].post.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/evaluation-submission.v1', // either live form version, by its formVersion
    });
    expect(doc.components.schemas['evaluation.v1'].properties.allocationNumber).toEqual({
      $ref: '#/components/schemas/common.codes.v1.allocationNumber',
    });
    const routed = new Set<string>();
    for (const layer of (
      h.app as unknown as { middleware: { router?: { stack: { path: string; methods: string[] }[] } }[] }
    ).middleware.flatMap((m) => m.router?.stack ?? [])) {
      for (const method of layer.methods.filter((m) => !['HEAD'].includes(m)))
        routed.add(`${method.toLowerCase()} ${layer.path.replace(/:(\w+)/g, '{$1}').replace('*id', '{id}')}`);
    }
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m} ${p}`),
      ),
    );
    const internal = new Set([
      'get /openapi.json',
      'get /v1/openapi.json',
      'get /docs',
      'get /docs/assets/{file}',
      'get /app',
      'get /app/',
      'get /app/assets/{file}',
      // sign-in for people: browser redirects and pages, not API operations (docs/operations.md)
      'get /auth/issuers',
      'get /auth/login',
      'get /auth/callback',
      'post /auth/logout',
    ]);
    expect([...routed].filter((r) => !documented.has(r) && !internal.has(r)).sort()).toEqual([]);
    expect([...documented].filter((d) => !routed.has(d)).sort()).toEqual([]);
  });

  test('every documented operation admits exactly its x-roles, and validates with the schemas the document names', async () => {
    await seedRegion(h);
    const t = await tokensFor(h);
    const tokenOf: Record<string, string> = {
      admin: t.admin,
      contract_manager: t.contractManager,
      consultant: t.consultantA,
      provider: t.providerA,
    };
    const doc = (await h.http.get('/openapi.json')).body;
    const seen: string[] = [];
    for (const [template, ops] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(ops)) {
        const roles: string[] = op['x-roles'];
        if (roles.length === 0) continue; // public: no token needed
        const url = template.replace('{n}', '1').replace(/\{\w+\}/g, 'x');
        const bodyRef: string | undefined = op.requestBody?.content?.['application/json']?.schema?.$ref;
        const querySchema = (op.parameters as { in: string; name: string }[]).some(
          (p) => p.in === 'query' && !['limit', 'cursor'].includes(p.name),
        );
        for (const [role, token] of Object.entries(tokenOf)) {
          const call = (path: string) => {
            const agent = h.http as unknown as Record<string, (p: string) => supertest.Test>;
            const req = agent[method]!(path).set('Authorization', token);
            return method === 'get' ? req : req.set('Content-Type', 'application/json').send('[]');
          };
          const res = await call(querySchema ? `${url}?zzz=1` : url);
          const allowed = roles.includes(role);
          const label = `${method} ${template} as ${role}`;
          seen.push(label);
          if (!allowed) {
            expect({ label, status: res.status }).toEqual({ label, status: 403 });
            continue;
          }
          expect({ label, denied: [401, 403].includes(res.status) }).toEqual({ label, denied: false });
          // a JSON array matches no request schema: the answer names the schema the document gives
          if (bodyRef) {
            const schemaId = `${bodyRef.replace('#/components/schemas/', '')}.json`;
            expect({ label, status: res.status, detail: res.body.detail }).toEqual({
              label,
              status: 422,
              detail: `The body does not match ${schemaId}.`,
            });
          } else if (querySchema && method === 'get') {
            expect({ label, status: res.status, detail: res.body.detail }).toEqual({
              label,
              status: 400,
              detail: expect.stringMatching(/^The query does not match [\w-]+\.v1\.json\.$/),
            });
          }
        }
      }
    }
    expect(seen.length).toBeGreaterThan(150);
  });

  test('GET /docs renders the document with Swagger UI served by the hub itself (no CDN)', async () => {
    const page = await h.http.get('/docs');
    expect(page.status).toBe(200);
    expect(page.text).not.toMatch(/https?:\/\//);
    for (const asset of ['/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-ui.css', '/docs/assets/init.js']) {
      const res = await h.http.get(asset);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
    }
    expect((await h.http.get('/docs/assets/init.js')).text).toContain("url: '/openapi.json'");
  });
});
