import { pipeline, Transform, type Readable } from 'node:stream';
import bytes from 'bytes';
import { errors, HttpError } from '../../errors';
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
 * read) exceed the limit. The request and the size guard are joined with
 * `stream.pipeline`, so an aborted upload or an oversize body destroys the returned
 * stream with an error its reader sees (and turns into a problem for this request,
 * see `asUploadError`), never an unhandled `error` event.
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
  const stream = pipeline(ctx.req, guard, () => {
    // Errors reach the reader through the destroyed `guard`; nothing to do here.
  });
  return { stream, format };
}

/** A stream failure while reading an upload as the problem for that request: 413 stays, anything else is 400. */
export function asUploadError(err: unknown): unknown {
  if (err instanceof HttpError) return err;
  const code = (err as { code?: string } | null)?.code;
  if (
    code === 'ECONNRESET' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    (err instanceof Error && /aborted/i.test(err.message))
  ) {
    return errors.badRequest(
      'upload-incomplete',
      'The upload ended before the whole file arrived; rows read so far were applied, send the file again (an import is safe to repeat).',
    );
  }
  return err;
}
