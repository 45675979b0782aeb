import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/logger';

/** A real pino logger whose output lines are kept for assertions. */
export interface CapturedLogger {
  logger: Logger;
  lines: string[];
  /** Every line as one string, for "never appears" assertions. */
  text(): string;
}

/** Creates a logger writing JSON lines into memory. */
export function captureLogger(level = 'debug'): CapturedLogger {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      cb();
    },
  });
  const logger = createLogger({ level, format: 'json', destination: stream });
  return { logger, lines, text: () => lines.join('\n') };
}
