import { loadBsnKey } from '../bsn-key';
import { loadConfig, type Config } from '../config';
import { SchemaRegistry } from '../validation/schemas';
import { openDatabase, type OpenDatabase } from '../open-database';
import { createLogger, type Logger } from '../logger';
import { buildServices, type Services } from '../services';

/** What a CLI command works with: the same services the API uses. */
export interface CliContext {
  config: Config;
  logger: Logger;
  opened: OpenDatabase;
  services: Services;
}

/**
 * Opens the database for one CLI command (reusing a running hub's embedded engine,
 * or starting one), runs `fn`, and closes everything again.
 */
export async function withCli<T>(fn: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = loadConfig(process.env, Boolean(process.stderr.isTTY));
  const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', format: config.logFormat, stderr: true });
  const bsnKey = await loadBsnKey(config, logger);
  const opened = await openDatabase(config, logger, 'cli');
  try {
    return await fn({
      config,
      logger,
      opened,
      services: buildServices({
        database: opened.database,
        config,
        clock: () => new Date(),
        bsnKey,
        schemas: new SchemaRegistry(),
      }),
    });
  } finally {
    await opened.close();
    logger.flush();
  }
}
