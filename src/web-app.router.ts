import fs from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import { errors } from './errors';
import type { AppRouter, AppState } from './middlewares/state';
import { WEB_APP_DIR } from './paths';

const TYPES: Record<string, string> = {
  '.js': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/**
 * GET /app/ and its assets: the web app Vite built into dist/web. The page itself is
 * never cached (it names the current assets); the assets carry their content hash in
 * their names and are cached for a year. No inline script: the hub's CSP stays as it is.
 */
export function webAppRouter(dir: string = WEB_APP_DIR): AppRouter {
  const router = new Router<AppState>({ strict: true });
  router.get('/app', (ctx) => {
    ctx.status = 301;
    ctx.redirect('/app/');
  });
  router.get('/app/', (ctx) => {
    const page = path.join(dir, 'index.html');
    if (!fs.existsSync(page)) throw errors.notFound('The web app is not built: run npm run build.');
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = fs.createReadStream(page);
  });
  router.get('/app/assets/:file', (ctx) => {
    const file = ctx.params.file ?? '';
    const type = TYPES[path.extname(file)];
    const full = path.join(dir, 'assets', file);
    if (!type || file !== path.basename(file) || !fs.existsSync(full)) throw errors.notFound();
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=31536000, immutable');
    ctx.body = fs.createReadStream(full);
  });
  return router;
}
