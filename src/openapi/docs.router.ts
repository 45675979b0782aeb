import fs from 'node:fs';
import path from 'node:path';
import Router from '@koa/router';
import { absolutePath } from 'swagger-ui-dist';
import { errors } from '../errors';
import type { AppRouter, AppState } from '../middlewares/state';
import { buildOpenApi } from './build';
import { API_VERSION } from '../version';
import type { RouteDeps } from '../routes/deps';

const UI_FILES: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Youth-care exchange hub API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"><link rel="icon" href="/docs/assets/favicon-32x32.png"></head>
<body><div id="docs"></div><script src="/docs/assets/swagger-ui-bundle.js"></script><script src="/docs/assets/init.js"></script></body>
</html>`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#docs', deepLinking: true, defaultModelsExpandDepth: 0 });`;

/** GET /openapi.json (also at /v1/openapi.json) and GET /docs (Swagger UI from the package, no CDN): the document, not part of it. */
export function docsRouter({ registry }: RouteDeps): AppRouter {
  const router = new Router<AppState>({ strict: true });
  const document = buildOpenApi(registry, API_VERSION);
  const uiDir = absolutePath();

  router.get('/openapi.json', (ctx) => {
    ctx.body = document;
  });
  // the same document where the NL API Design Rules look for it (API-51), readable from any origin
  router.get('/v1/openapi.json', (ctx) => {
    ctx.set('Access-Control-Allow-Origin', '*');
    ctx.body = document;
  });
  router.get('/docs', (ctx) => {
    ctx.type = 'text/html; charset=utf-8';
    ctx.body = PAGE;
  });
  router.get('/docs/assets/:file', (ctx) => {
    const file = ctx.params.file ?? '';
    if (file === 'init.js') {
      ctx.type = 'application/javascript; charset=utf-8';
      ctx.body = INIT;
      return;
    }
    const type = UI_FILES[file];
    if (!type) throw errors.notFound();
    ctx.type = type;
    ctx.set('Cache-Control', 'public, max-age=86400');
    ctx.body = fs.createReadStream(path.join(uiDir, file));
  });

  return router;
}
