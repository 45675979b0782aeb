import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { maskBsnsInText } from './domain/bsn';

export type { Logger } from 'pino';

/** Keys whose values never reach a log line, wherever they appear in a logged object. */
const SECRET_KEYS = new Set([
  'bsn',
  'authorization',
  'cookie',
  'set-cookie',
  'token',
  'password',
  'secret',
  'bsnkey',
  'apikey',
  'x-api-key',
]);
const REDACTED = '[Redacted]';

/** Returns a copy of a log value with secrets removed at any depth and BSNs masked in text. */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return maskBsnsInText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: maskBsnsInText(value.message),
      stack: value.stack && maskBsnsInText(value.stack),
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value instanceof Date) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : scrub(v, depth + 1);
  return out;
}

/** Options for the process logger. */
export interface LoggerSettings {
  level: string;
  format: 'json' | 'pretty';
  /** Where lines go; tests pass a capturing stream. Defaults to stdout. */
  destination?: DestinationStream;
  /** Write to stderr instead of stdout (the CLI keeps stdout for its output). */
  stderr?: boolean;
}

/**
 * Creates the one pino logger of the process. Redaction is set up here, once:
 * secret keys at any depth, BSN-shaped numbers in messages, and errors' texts.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: 'youthcare-hub' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => scrub(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? maskBsnsInText(a) : a)) as Parameters<typeof method>,
        );
      },
    },
  };
  const fd = settings.stderr ? 2 : 1;
  const destination =
    settings.destination ??
    (settings.format === 'pretty'
      ? pretty({
          colorize: true,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service',
          destination: fd,
          sync: true,
        })
      : pino.destination({ dest: fd, sync: false }));
  const root = pino(options, destination);
  // pino applies neither `formatters.log` nor `formatters.bindings` to a child's
  // bindings, so they are scrubbed here. Every child is created from its parent with
  // Object.create, so children of children find this `child` too.
  const proto = Object.getPrototypeOf(root) as Logger;
  root.child = function scrubbedChild(this: Logger, bindings, childOptions) {
    return proto.child.call(this, scrub(bindings) as typeof bindings, childOptions);
  } as Logger['child'];
  return root;
}
