import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/paths';
import type { DevAccount, DevClient } from '../../src/dev-idp/dev-idp';
import { freePort } from './processes';

/** A real OpenID Provider (the development identity provider) in its own process. */
export interface IdpProcess {
  issuer: string;
  accountsFile: string;
  setAccounts(accounts: DevAccount[]): void;
  stop(): Promise<void>;
}

/** Starts the built development identity provider (dist/) on a free port with these clients. */
export async function startIdp(clients: (port: number) => DevClient[]): Promise<IdpProcess> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dev-idp-'));
  const accountsFile = path.join(dir, 'accounts.json');
  fs.writeFileSync(accountsFile, '[]');
  const child = spawn(process.execPath, [path.join(PROJECT_ROOT, 'dist', 'src', 'dev-idp', 'dev-idp.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DEV_IDP_PORT: String(port),
      DEV_IDP_ISSUER: issuer,
      DEV_IDP_ACCOUNTS: accountsFile,
      DEV_IDP_CLIENTS: JSON.stringify(clients(port)),
    },
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev IdP did not start: ${err}`)), 20_000);
    child.stdout.on('data', (c: Buffer) => {
      if (c.toString().includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`dev IdP exited ${code}: ${err}`)));
  });
  return {
    issuer,
    accountsFile,
    setAccounts: (accounts) => fs.writeFileSync(accountsFile, JSON.stringify(accounts)),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A browser's part of HTTP for these tests: cookies per host (no domain rules needed here) and manual redirects. */
export class CookieBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  cookie(host: string, name: string): string | undefined {
    return this.jars.get(host)?.get(name);
  }

  setCookie(host: string, name: string, value: string): void {
    if (!this.jars.has(host)) this.jars.set(host, new Map());
    this.jars.get(host)!.set(name, value);
  }

  /** One request, no redirect followed; cookies sent and kept. */
  async request(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const u = new URL(url);
    const jar = this.jars.get(u.host) ?? new Map<string, string>();
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers ?? {}), ...(cookie ? { Cookie: cookie } : {}) },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (!this.jars.has(u.host)) this.jars.set(u.host, new Map());
      const maxAge = attrs.find((a) => /max-age=/i.test(a));
      if (value === '' || (maxAge && /max-age=0\b/i.test(maxAge))) this.jars.get(u.host)!.delete(name);
      else this.jars.get(u.host)!.set(name, value);
    }
    return res;
  }

  /** Follows redirects from `url` until a response that is not one, or until `stopAt` matches the next URL (answered without requesting it). */
  async follow(url: string, stopAt?: RegExp): Promise<{ res: Response | null; url: string }> {
    let current = url;
    for (let i = 0; i < 10; i++) {
      if (stopAt?.test(current) && i > 0) return { res: null, url: current };
      const res = await this.request(current);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
      current = new URL(location, current).href;
    }
    throw new Error('too many redirects');
  }

  /** At the identity provider's pick list: signs in as the account with this `sub`; answers the URL it redirects to next. */
  async pick(interactionUrl: string, sub: string): Promise<string> {
    const u = new URL(interactionUrl);
    const res = await this.request(`${u.origin}${u.pathname}/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ sub }).toString(),
    });
    const location = res.headers.get('location');
    if (!location) throw new Error(`the pick was not accepted: ${res.status} ${await res.text()}`);
    return new URL(location, interactionUrl).href;
  }
}

/**
 * Runs a sign-in through a hub's `/auth/login` as an account of the identity provider,
 * up to the hub's callback URL (answered, not yet requested: a test may tamper with it).
 */
export async function toCallback(
  hub: string,
  b: CookieBrowser,
  sub: string,
  issuer = 'dev',
  returnTo = '/app/',
): Promise<string> {
  const atIdp = await b.follow(`${hub}/auth/login?issuer=${issuer}&returnTo=${encodeURIComponent(returnTo)}`);
  if (atIdp.res?.status !== 200 || !/\/interaction\//.test(atIdp.url))
    throw new Error(`the identity provider's pick list did not open: ${atIdp.res?.status} at ${atIdp.url}`);
  const { url } = await b.follow(await b.pick(atIdp.url, sub), /\/auth\/callback\?/);
  if (!url.startsWith(`${hub}/auth/callback?`)) throw new Error(`the sign-in did not come back to the hub: ${url}`);
  return url;
}

/** The anti-CSRF token of a browser's session, as the app reads it (GET /v1/me). */
export async function csrfOf(hub: string, b: CookieBrowser): Promise<string> {
  return ((await (await b.request(`${hub}/v1/me`)).json()) as { csrfToken: string }).csrfToken;
}

/** Signs in through a hub's `/auth/login` as an account of the identity provider; answers the browser and the anti-CSRF token. */
export async function signInThrough(
  hub: string,
  sub: string,
  issuer = 'dev',
): Promise<{ b: CookieBrowser; csrf: string; status: number }> {
  const b = new CookieBrowser();
  const res = await b.request(await toCallback(hub, b, sub, issuer));
  if (res.status !== 302) return { b, csrf: '', status: res.status };
  return { b, csrf: await csrfOf(hub, b), status: res.status };
}

/** A JSON answer as the tests read it. */
export type Answer = Record<string, unknown> & { type?: string; detail?: string; endDate?: string };

/** A JSON request with a session: its anti-CSRF token and the hub's Origin on changes. */
export function sessionCall(hub: string, s: { b: CookieBrowser; csrf: string }) {
  return async (method: string, path: string, body?: unknown): Promise<{ status: number; body: Answer }> => {
    const res = await s.b.request(`${hub}${path}`, {
      method,
      headers: {
        Accept: 'application/json',
        ...(method === 'GET' ? {} : { Origin: hub, 'X-CSRF-Token': s.csrf }),
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Answer };
  };
}
