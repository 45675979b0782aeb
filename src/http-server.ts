import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Koa from 'koa';
import type { Config } from './config';
import type { Logger } from './logger';

/** An app listening on a port, with a graceful close. */
export interface ServedApp {
  server: http.Server;
  url: string;
  port: number;
  /**
   * Stops accepting connections at once, lets in-flight requests finish, closes idle
   * keep-alive connections, and after SHUTDOWN_TIMEOUT_MS closes whatever is left.
   */
  close(): Promise<void>;
}

/** Listens with a Koa app on HOST:PORT (PORT 0 picks a free port). */
export async function serveApp(
  app: Pick<Koa, 'callback'>,
  config: Pick<Config, 'host' | 'port' | 'shutdownTimeoutMs'>,
  logger: Logger,
): Promise<ServedApp> {
  const server = http.createServer(app.callback());
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        logger.warn({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, config.shutdownTimeoutMs);
      server.close(() => {
        clearTimeout(timer);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
  return { server, url, port, close };
}
