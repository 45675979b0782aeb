/**
 * The development identity provider: a real OpenID Provider (the certified
 * `oidc-provider` library) for trying the hub without an identity provider of one's
 * own. It offers the accounts in a JSON file (written by `hub demo seed`) to pick from,
 * and any e-mail address typed in. Never in production: it signs in whoever asks.
 *
 * Run as its own process: `node dist/src/dev-idp/dev-idp.js` with
 *   DEV_IDP_PORT        port (default 3001)
 *   DEV_IDP_ISSUER      its issuer URL (default http://localhost:<port>)
 *   DEV_IDP_CLIENTS     JSON: [{ "clientId", "clientSecret", "redirectUris": [...], "postLogoutRedirectUris": [...] }]
 *   DEV_IDP_ACCOUNTS    path of the accounts file (JSON list of { sub, email, name, agb? })
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { escapeHtml, htmlPage } from '../html-page';
import type { AccountClaims, Configuration, KoaContextWithOIDC } from 'oidc-provider';

/** An account the development identity provider offers. */
export interface DevAccount {
  sub: string;
  email: string;
  name: string;
  /** For a provider's staff: the AGB code the organisation claim carries. */
  agb?: string;
  /** What the pick list says about the account (its role in the demo). */
  description?: string;
}

/** A client registered with the development identity provider. */
export interface DevClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

function readAccounts(file: string | undefined): DevAccount[] {
  if (!file || !fs.existsSync(file)) return [];
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DevAccount[];
  } catch {
    return [];
  }
}

/** The account a login names: one from the file by `sub`, or an address typed in (`email:<address>`, optionally `|<agb>`). */
function accountOf(id: string, file: string | undefined): DevAccount | null {
  const listed = readAccounts(file).find((a) => a.sub === id);
  if (listed) return listed;
  const m = /^email:([^|\s]+@[^|\s]+)(?:\|(\d{8}))?$/.exec(id);
  if (!m) return null;
  return { sub: id, email: m[1]!.toLowerCase(), name: m[1]!, ...(m[2] ? { agb: m[2] } : {}) };
}

/** Starts the development identity provider; resolves with its server once it listens. */
export async function startDevIdp(options: {
  port: number;
  issuer: string;
  clients: DevClient[];
  accountsFile?: string;
}): Promise<http.Server> {
  const { default: Provider } = await import('oidc-provider');
  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    // NL GOV profile: authorization code flow with PKCE S256, for every client
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
      organisation: ['agb'],
    },
    scopes: ['openid', 'email', 'profile', 'organisation'],
    // the claims of the scopes in the ID token itself, as Entra ID and Keycloak put them
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // the hub's sign-out asks once more here, in Dutch: also end the session at this provider?
        logoutSource: (ctx, form) => {
          ctx.body = htmlPage(
            'Afmelden',
            `<h1>Afmelden bij de ontwikkel-identiteitsprovider</h1><p>U bent afgemeld bij de hub. Ook hier afmelden, zodat de volgende aanmelding weer een persoon laat kiezen?</p>${form}
<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Ja, afmelden</button>
<button type="submit" form="op.logoutForm">Nee, aangemeld blijven</button>`,
          );
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = htmlPage('Afgemeld', '<h1>U bent afgemeld</h1>');
        },
      },
    },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      Session: 12 * 3600,
      Interaction: 600,
      Grant: 12 * 3600,
      AuthorizationCode: 60,
      IdToken: 600,
      AccessToken: 600,
    },
    findAccount: (_ctx: KoaContextWithOIDC, id: string) => {
      const account = accountOf(id, options.accountsFile);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: (): AccountClaims => ({
          sub: id,
          email: account.email,
          email_verified: true,
          name: account.name,
          ...(account.agb ? { agb: account.agb } : {}),
        }),
      };
    },
    // a development provider: the hub is its own application, so no consent screen
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope('openid email profile organisation');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(options.issuer, configuration);
  const callback = provider.callback();

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', options.issuer);
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!m) {
      void callback(req, res);
      return;
    }
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (m[2] && req.method === 'POST') {
          const form = new URLSearchParams(await readBody(req));
          const email = (form.get('email') ?? '').trim();
          const agb = (form.get('agb') ?? '').trim();
          const accountId = form.get('sub') ?? (email ? `email:${email}${agb ? `|${agb}` : ''}` : '');
          if (!accountOf(accountId, options.accountsFile)) {
            res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
            res.end(htmlPage('Onbekend', '<h1>Onbekend account</h1><p>Ga terug en kies een persoon.</p>'));
            return;
          }
          await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
          return;
        }
        const accounts = readAccounts(options.accountsFile);
        const uid = escapeHtml(details.uid);
        const buttons = accounts
          .map(
            (a) =>
              `<li><form method="post" action="/interaction/${uid}/login"><input type="hidden" name="sub" value="${escapeHtml(a.sub)}"><button type="submit">${escapeHtml(a.name)}${a.description ? ` <small>(${escapeHtml(a.description)})</small>` : ''}</button></form></li>`,
          )
          .join('');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end(
          htmlPage(
            'Kies een persoon',
            `<h1>Ontwikkel-identiteitsprovider</h1>
<p class="warn">Alleen voor ontwikkeling en de demo: hier meldt u zich aan als wie u kiest. In productie staat deze provider nooit aan.</p>
<h2>Kies een persoon</h2>${buttons ? `<ul style="list-style:none;padding:0">${buttons}</ul>` : '<p>Nog geen personen: voer <code>hub demo seed</code> uit.</p>'}
<h2>Of met een e-mailadres</h2>
<form method="post" action="/interaction/${uid}/login"><label for="email">E-mailadres</label><input id="email" name="email" type="email" autocomplete="email">
<label for="agb">AGB-code van de organisatie (medewerkers van een aanbieder)</label><input id="agb" name="agb" inputmode="numeric" pattern="[0-9]{8}">
<p><button type="submit">Aanmelden</button></p></form>`,
          ),
        );
      } catch (err) {
        res.writeHead(400, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end(
          htmlPage('Fout', `<h1>Deze aanmelding is verlopen</h1><p>${escapeHtml(String((err as Error).message))}</p>`),
        );
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  return server;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      data += chunk;
      if (data.length > 10_000) req.destroy();
    });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

if (require.main === module) {
  if (process.env.NODE_ENV === 'production') {
    process.stderr.write('the development identity provider never runs in production\n');
    process.exit(2);
  }
  const port = Number(process.env.DEV_IDP_PORT ?? 3001);
  const issuer = process.env.DEV_IDP_ISSUER ?? `http://localhost:${port}`;
  const clients = JSON.parse(process.env.DEV_IDP_CLIENTS ?? '[]') as DevClient[];
  // a hub that goes away (kill -9) must not leave its identity provider holding the port
  const parentAtStart = process.ppid;
  setInterval(() => {
    if (process.ppid !== parentAtStart) process.exit(0);
  }, 500).unref();
  startDevIdp({
    port,
    issuer,
    clients,
    ...(process.env.DEV_IDP_ACCOUNTS ? { accountsFile: process.env.DEV_IDP_ACCOUNTS } : {}),
  }).then(
    () => process.stdout.write(`dev identity provider listening at ${issuer}\n`),
    (err: unknown) => {
      process.stderr.write(`dev identity provider could not start: ${String(err)}\n`);
      process.exit(1);
    },
  );
}
