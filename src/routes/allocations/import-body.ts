import { Transform, type Readable } from 'node:stream';
import bytes from 'bytes';
import { errors } from '../../errors';
import type { AppContext } from '../../middlewares/state';

/** The import formats, by content type. */
const FORMATS: Record<string, 'csv' | 'ndjson'> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
};

/**
 * Checks an import request's content type and size and returns its body as a
 * stream: 415 for other types, 413 when Content-Length (or, without one, the bytes
 * read) exceed the limit.
 */
export function importStream(ctx: AppContext, limit: string): { stream: Readable; format: 'csv' | 'ndjson' } {
  const format = FORMATS[(ctx.request.type || '').toLowerCase()];
  if (!format) throw errors.unsupportedMediaType(Object.keys(FORMATS));
  const max = bytes.parse(limit) ?? Number.MAX_SAFE_INTEGER;
  if (ctx.request.length > max) throw errors.payloadTooLarge(limit);
  let seen = 0;
  const guard = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > max) cb(errors.payloadTooLarge(limit));
      else cb(null, chunk);
    },
  });
  ctx.req.on('error', (err) => guard.destroy(err));
  return { stream: ctx.req.pipe(guard), format };
}
