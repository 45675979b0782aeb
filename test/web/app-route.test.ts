/**
 * GET /app/: the web app the build wrote into dist/web, served by the hub under its own
 * Content-Security-Policy (no inline script, nothing compiled at run time), the page
 * never cached and the hashed assets cached for a year.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createHarness, type Harness } from '../support/harness';
import { WEB_APP_DIR } from '../../src/paths';

describe('the web app route', () => {
  let h: Harness;
  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_APP_DIR, 'index.html'))) throw new Error('dist/web is missing: run npm run build');
    h = await createHarness();
  });
  afterAll(() => h.close());

  test('/app redirects to /app/, which is the page with the CSP every API answer has', async () => {
    const bare = await h.http.get('/app');
    expect(bare.status).toBe(301);
    expect(bare.headers.location).toBe('/app/');
    const page = await h.http.get('/app/');
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html');
    expect(page.headers['cache-control']).toBe('no-cache');
    const api = await h.http.get('/healthz');
    expect(page.headers['content-security-policy']).toBe(api.headers['content-security-policy']);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    expect(page.text).toContain('<html lang="nl">');
    const scripts = [...page.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/src="\/app\/assets\/[^"]+\.js"/);
      expect(body!.trim()).toBe(''); // no inline script
    }
  });

  test('every asset the page names is served, cached for a year; the code compiles nothing at run time', async () => {
    const page = await h.http.get('/app/');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/app\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const res = await h.http.get(asset);
      expect({ asset, status: res.status }).toEqual({ asset, status: 200 });
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    for (const file of fs.readdirSync(path.join(WEB_APP_DIR, 'assets')).filter((f) => f.endsWith('.js'))) {
      const code = fs.readFileSync(path.join(WEB_APP_DIR, 'assets', file), 'utf8');
      expect({ file, compiles: /new Function\(|\beval\(/.test(code) }).toEqual({ file, compiles: false });
    }
  });

  test('an unknown or crafted asset name is 404 problem+json', async () => {
    for (const bad of [
      '/app/assets/nope.js',
      '/app/assets/..%2F..%2Fpackage.json',
      '/app/assets/index.html',
      '/app/x',
    ]) {
      const res = await h.http.get(bad);
      expect({ bad, status: res.status }).toEqual({ bad, status: 404 });
    }
  });
});
