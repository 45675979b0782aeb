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
  config: Pick<Config, 'host' | 'port' | 'shutdownTimeoutMs' | 'headersTimeoutMs' | 'requestTimeoutMs'>,
  logger: Logger,
): Promise<ServedApp> {
  const server = http.createServer(
    {
      // a slow client gets a 408 and the connection closed (Node checks every few seconds);
      // a body that trickles while the hub waits for it is ended sooner (middlewares/body-timeout.ts)
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(30_000, Math.max(1_000, Math.floor(config.headersTimeoutMs / 4))),
    },
    app.callback(),
  );
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
