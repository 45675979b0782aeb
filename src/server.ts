import fs from 'node:fs/promises';
import path from 'node:path';
import { createApp } from './app';
import { serveApp, type ServedApp } from './http-server';
import { loadBsnKey } from './bsn-key';
import { ConfigError, loadConfig, type Config } from './config';
import { openDatabase, type OpenDatabase } from './open-database';
import { EngineError } from './engine/ferretdb-binary';
import { createLogger, type Logger } from './logger';
import { createMetrics } from './metrics';
import { startScheduler, type Scheduler } from './scheduler/scheduler';
import { buildServices } from './services';
import type { BootstrapToken } from './services/tokens/bootstrap.service';
import { SchemaRegistry } from './validation/schemas';
import { ALL_JOBS } from '../jobs';
import { launchDevIdp } from './dev-idp/launch';

/** A running hub: its address, and how to stop it. */
export interface Hub {
  url: string;
  port: number;
  opened: OpenDatabase;
  /** The running scheduler, or null when JOBS_ENABLED=false. */
  scheduler: Scheduler | null;
  /** The bootstrap admin token when this start issued it, else null. */
  bootstrapToken: BootstrapToken | null;
  /** Graceful stop: refuse new connections, finish in-flight requests, stop jobs, close the database, stop the engine. */
  shutdown(reason: string): Promise<void>;
}

/** Starts the hub: database (or embedded engine), migrations, HTTP server and, when enabled, the jobs. */
export async function startHub(configured: Config, logger: Logger, clock: () => Date = () => new Date()): Promise<Hub> {
  const devIdp = await launchDevIdp(configured, logger);
  const config = devIdp.config;
  const bsnKey = await loadBsnKey(config, logger).catch((err: unknown) => {
    devIdp.stop();
    throw err;
  });
  const opened = await openDatabase(config, logger, 'server').catch((err: unknown) => {
    devIdp.stop();
    throw err;
  });
  let served: ServedApp | undefined;
  let scheduler: Scheduler | undefined;
  try {
    const { database } = opened;
    const registry = new SchemaRegistry();
    const services = buildServices({ database, config, clock, bsnKey, schemas: registry });
    const metrics = createMetrics();
    const bootstrapToken = await services.bootstrap.issueAdminToken(clock());
    // before the first request: a retry must find an answer an older hub stored (housekeeping
    // tries again if this fails: it must not keep the hub from starting)
    await services.idempotency.rekeyUnkeyed().then(
      (rekeyed) => {
        if (rekeyed > 0) logger.info({ rekeyed }, 'Idempotency-Key records re-keyed (their hashes were unkeyed)');
      },
      (err: unknown) => logger.warn({ err }, 'could not re-key Idempotency-Key records now; housekeeping will'),
    );
    const app = createApp({
      config,
      database,
      services,
      registry,
      metrics,
      logger,
      clock,
      ...(opened.engine ? { engineState: () => opened.engine!.state() } : {}),
    });
    served = await serveApp(app, config, logger);
    if (config.jobsEnabled) scheduler = startScheduler(ALL_JOBS, { config, database, services, logger }, metrics);
    // recomputations a crash left queued or running are taken up (each once its lock has expired)
    void services.kpiRecomputations
      .resumeAbandoned()
      .catch((err: unknown) => logger.warn({ err }, 'could not take up abandoned KPI recomputations'));
    logger.info(
      {
        url: served.url,
        jobs: config.jobsEnabled,
        database: opened.engine
          ? `embedded FerretDB (${config.ferretdbPostgresqlUrl ? 'PostgreSQL' : 'SQLite'})`
          : 'MONGODB_URI',
      },
      'hub listening',
    );

    let stopping: Promise<void> | undefined;
    const http = served;
    const shutdown = (reason: string) => {
      stopping ??= (async () => {
        logger.info({ reason }, 'shutting down: refusing new connections, finishing in-flight requests');
        await http.close();
        await scheduler?.stop();
        await opened.close();
        devIdp.stop();
        logger.info('hub stopped');
      })();
      return stopping;
    };
    return { url: served.url, port: served.port, opened, bootstrapToken, scheduler: scheduler ?? null, shutdown };
  } catch (err) {
    await served?.close();
    await scheduler?.stop();
    await opened.close();
    devIdp.stop();
    throw err;
  }
}

/** The file the bootstrap admin token is written to where it is not shown on a terminal. */
export function bootstrapTokenFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'bootstrap-admin-token');
}

/**
 * Hands the first start's admin token to whoever installs the hub. On an interactive
 * terminal in development it is printed with a ready-made curl line. Anywhere else
 * (production, a service manager, a container: output that ends up in journald or
 * container logs) it is written to a file only the hub's user can read, and the output
 * says where, never the token.
 */
async function deliverBootstrapToken(
  issued: BootstrapToken,
  url: string,
  config: Config,
  interactive: boolean,
): Promise<void> {
  const expires = issued.expiresAt.toISOString();
  if (interactive && config.nodeEnv === 'development') {
    process.stdout.write(
      `\nBootstrap admin token (shown once, store it now; it expires ${expires}): ${issued.token}\n` +
        `Use it: curl -H "Authorization: Bearer ${issued.token}" ${url}/v1/tokens\n\n`,
    );
    return;
  }
  const file = bootstrapTokenFile(config);
  await fs.mkdir(config.dataDir, { recursive: true });
  await fs.writeFile(file, `${issued.token}\n`, { mode: 0o600, flag: 'w' });
  await fs.chmod(file, 0o600); // an older file keeps its mode on overwrite
  process.stdout.write(
    `Bootstrap admin token written to ${file} (readable by this user only; it expires ${expires}). ` +
      `Create the admins' own tokens with it, then delete the file.\n`,
  );
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  // Signal handlers go in before anything starts: a signal during start-up is honoured
  // as soon as the hub is up, instead of killing the process halfway.
  let hub: Hub | undefined;
  let stopRequested: NodeJS.Signals | undefined;
  let signals = 0;
  const stop = (signal: NodeJS.Signals) => {
    hub!.shutdown(signal).then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    if (hub) stop(signal);
    else stopRequested = signal;
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A parent that goes away (`npm start` stopped by SIGTERM, which npm does not pass on
  // through its shell) must not leave the hub running orphaned, holding its port: when
  // this process is re-parented, it stops gracefully as on SIGTERM.
  const parentAtStart = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid === parentAtStart) return;
    clearInterval(parentWatch);
    logger.warn({ parentPid: parentAtStart }, 'the parent process is gone: stopping');
    onSignal('SIGTERM');
  }, 500);
  parentWatch.unref();
  try {
    hub = await startHub(config, logger);
  } catch (err) {
    logger.fatal(
      { err },
      err instanceof EngineError || err instanceof ConfigError ? err.message : 'the hub could not start',
    );
    logger.flush();
    process.exitCode = 1;
    return;
  }
  if (hub.bootstrapToken) {
    try {
      await deliverBootstrapToken(hub.bootstrapToken, hub.url, config, Boolean(process.stdout.isTTY));
    } catch (err) {
      logger.error(
        { err },
        `could not write the bootstrap admin token to ${bootstrapTokenFile(config)}; create an admin token with \`hub token create --role admin\``,
      );
    }
  }
  if (stopRequested) stop(stopRequested);
}

if (require.main === module) {
  process.on('unhandledRejection', (reason) => {
    throw reason;
  });
  void main();
}
