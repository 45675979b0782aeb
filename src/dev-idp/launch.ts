import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config';
import type { Logger } from '../logger';

/** The file of persons the development identity provider offers (written by `hub demo seed`). */
export function devAccountsFile(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, 'dev-idp-accounts.json');
}

/** The issuer id the development identity provider has in the hub's list. */
export const DEV_ISSUER_ID = 'dev';

/**
 * Starts the development identity provider as its own process beside the hub and adds
 * it to the configured issuers (never in production: the configuration refuses it).
 * Answers the configuration with the issuer, and how to stop the process.
 */
export async function launchDevIdp(config: Config, logger: Logger): Promise<{ config: Config; stop: () => void }> {
  if (!config.devIdp || config.nodeEnv === 'production') return { config, stop: () => undefined };
  const port = config.devIdp.port;
  // on the same host name as the hub, so a browser that keeps to one name keeps to it here too
  const issuer = `http://${new URL(config.publicUrl).hostname}:${port}`;
  const clientSecret = crypto.randomBytes(24).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'dev-idp.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      DEV_IDP_PORT: String(port),
      DEV_IDP_ISSUER: issuer,
      DEV_IDP_ACCOUNTS: devAccountsFile(config),
      DEV_IDP_CLIENTS: JSON.stringify([
        {
          clientId: 'hub-dev',
          clientSecret,
          redirectUris: [`${config.publicUrl}/auth/callback`],
          postLogoutRedirectUris: [`${config.publicUrl}/app/`],
        },
      ]),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('the development identity provider did not start in 20 s')),
      20_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (!text.includes('WARNING')) logger.warn({ devIdp: text.trim() }, 'development identity provider');
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the development identity provider exited (${code}): is port ${port} free? (DEV_IDP_PORT)`));
    });
  });
  logger.info({ issuer }, 'development identity provider started (DEV_IDP; never in production)');
  const withDev: Config = {
    ...config,
    oidcIssuers: [
      ...config.oidcIssuers.filter((i) => i.id !== DEV_ISSUER_ID),
      {
        id: DEV_ISSUER_ID,
        label: 'Demo-personen (ontwikkel-identiteitsprovider)',
        issuer,
        clientId: 'hub-dev',
        clientSecret,
        organisationClaim: 'agb',
        prompt: 'login', // the pick list every time: the demo is about trying several people
      },
    ],
  };
  return { config: withDev, stop: () => child.kill('SIGTERM') };
}
