import { errors, HttpError } from '../errors';
import type { AppMiddleware } from './state';

/** Maps errors thrown by Koa, co-body or raw-body (they carry status/type) to our problems. */
function fromFrameworkError(err: {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
}): HttpError | null {
  const status = err.status ?? err.statusCode;
  if (!status || status >= 500) return null;
  if (status === 413) return errors.payloadTooLarge('the configured limit');
  if (status === 415) return errors.unsupportedMediaType(['application/json']);
  if (status === 400) return errors.malformedJson();
  return new HttpError(status, 'http-error', 'Request error', 'The request could not be handled.');
}

/** Driver errors that mean "the database cannot be reached right now". */
const UNREACHABLE = new Set([
  'MongoServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoServerClosedError',
  'MongoStalePrimaryError',
  'MongoOperationTimeoutError',
]);

const SOCKET_CODES = new Set(['EPIPE', 'ECONNRESET', 'ECONNREFUSED', 'ENOTCONN', 'ETIMEDOUT']);
const NETWORK_MESSAGE =
  /connection \S+ to \S+ closed|connection pool for \S+ was cleared|ECONNRESET|ECONNREFUSED|EPIPE|Server selection timed out/i;

/** A database outage as a 503 problem with Retry-After, so clients retry instead of reporting a bug. */
function fromDatabaseOutage(err: unknown): HttpError | null {
  if (!(err instanceof Error)) return null;
  const labelled = (err as { hasErrorLabel?: (l: string) => boolean }).hasErrorLabel?.('RetryableWriteError') === true;
  // the driver can also surface the engine's socket closing as the bare Node error (EPIPE on write)
  const socketGone =
    SOCKET_CODES.has(String((err as { code?: unknown }).code)) ||
    // a bulk write (insertMany) wraps the network error it met in a MongoBulkWriteError, keeping only its message
    (err.name.startsWith('Mongo') && NETWORK_MESSAGE.test(err.message));
  if (
    !UNREACHABLE.has(err.name) &&
    !labelled &&
    !socketGone &&
    !(err.cause instanceof Error && UNREACHABLE.has(err.cause.name))
  )
    return null;
  return new HttpError(
    503,
    'service-unavailable',
    'Service unavailable',
    'The database cannot be reached right now; retry in a few seconds.',
    { headers: { 'Retry-After': '5' } },
  );
}

/**
 * Renders every error, and every unmatched route or method, as RFC 9457
 * problem+json. Unexpected errors are logged in full and answered as a bare 500.
 */
export const problemErrors: AppMiddleware = async (ctx, next) => {
  try {
    await next();
    if (ctx.body === undefined || ctx.body === null) {
      if (ctx.status === 405 || ctx.status === 501) throw errors.methodNotAllowed(ctx.response.get('Allow') || 'GET');
      if (ctx.status === 404) throw errors.notFound('No resource at this path.');
    }
  } catch (err) {
    let problem = err instanceof HttpError ? err : (fromDatabaseOutage(err) ?? fromFrameworkError(err as object));
    if (problem?.status === 503 && !(err instanceof HttpError)) ctx.state.log.warn({ err }, 'database unreachable');
    if (!problem) {
      ctx.state.log.error({ err }, 'unhandled error');
      problem = errors.internal();
    }
    ctx.status = problem.status;
    for (const [name, value] of Object.entries(problem.extras.headers ?? {})) ctx.set(name, value);
    ctx.type = 'application/problem+json';
    ctx.body = problem.toProblem(ctx.state.requestId ? `urn:request:${ctx.state.requestId}` : undefined);
  }
};
