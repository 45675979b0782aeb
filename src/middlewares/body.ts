import coBody from 'co-body';
import { errors } from '../errors';
import type { AppMiddleware } from './state';

/**
 * Parses a JSON body up to `limit`. Other content types get
 * 415, bad JSON 400, bodies over the limit 413. With `optional`, an empty body is `{}`.
 */
export function jsonBody(limit: string, optional = false): AppMiddleware {
  return async (ctx, next) => {
    const hasBody = ctx.request.length > 0 || Boolean(ctx.get('Transfer-Encoding'));
    if (!hasBody) {
      if (!optional) throw errors.malformedJson('The request needs a JSON body.');
      ctx.request.body = {};
      await next();
      return;
    }
    if (!ctx.is('application/json', '+json')) throw errors.unsupportedMediaType(['application/json']);
    try {
      ctx.request.body = await coBody.json(ctx.req, { limit, strict: false }); // any JSON parses; the schema decides (a bare null is 422, not 400)
    } catch (err) {
      const e = err as { status?: number; type?: string };
      if (e.status === 413) throw errors.payloadTooLarge(limit);
      if (e.status === 415) throw errors.unsupportedMediaType(['application/json; charset=utf-8']);
      if (e.status === 400) throw errors.malformedJson();
      throw err;
    }
    await next();
  };
}

/** Reads an XML body (application/xml, text/xml or +xml) up to `limit` as text: 415 for other types, 413 over the limit. */
export function xmlBody(limit: string): AppMiddleware {
  return async (ctx, next) => {
    if (!ctx.is('application/xml', 'text/xml', '+xml')) throw errors.unsupportedMediaType(['application/xml']);
    try {
      ctx.request.body = await coBody.text(ctx.req, { limit, encoding: 'utf8' });
    } catch (err) {
      if ((err as { status?: number }).status === 413) throw errors.payloadTooLarge(limit);
      throw err;
    }
    await next();
  };
}
