import Router from '@koa/router';
import { errors } from '../../errors';
import { authenticate, principalOf } from '../../middlewares/auth';
import { setCookie, sessionCookieName, signInCookieName } from '../../middlewares/session-cookie';
import type { AppContext, AppRouter, AppState } from '../../middlewares/state';
import type { Refusal } from '../../services/auth/sign-in.service';
import type { RouteDeps } from '../deps';
import { escapeHtml, htmlPage } from '../../html-page';

/** What a refused person reads (Dutch), by reason. */
const REFUSALS: Record<Refusal, { title: string; text: string }> = {
  'unknown-issuer': {
    title: 'Onbekende inlogdienst',
    text: 'Deze inlogdienst is niet (meer) ingesteld. Kies een andere op de aanmeldpagina.',
  },
  'unknown-state': {
    title: 'Deze aanmelding is verlopen of al gebruikt',
    text: 'Een aanmelding werkt één keer en tien minuten lang. Begin opnieuw op de aanmeldpagina.',
  },
  'state-not-this-browser': {
    title: 'Deze aanmelding is in een andere browser begonnen',
    text: 'Begin de aanmelding opnieuw in deze browser.',
  },
  'provider-error': {
    title: 'De inlogdienst heeft de aanmelding afgebroken',
    text: 'U hebt de aanmelding afgebroken, of de inlogdienst kon u niet aanmelden. Probeer het opnieuw.',
  },
  'invalid-response': {
    title: 'Het antwoord van de inlogdienst klopt niet',
    text: 'Het antwoord kon niet worden gecontroleerd (het is niet voor deze hub bestemd, vervalst of verlopen). Probeer het opnieuw; blijft het misgaan, neem dan contact op met de functioneel beheerder.',
  },
  'unknown-person': {
    title: 'U bent niet geregistreerd',
    text: 'De inlogdienst kent u, maar de hub niet. Vraag de functioneel beheerder van uw organisatie om u te registreren met dit e-mailadres.',
  },
  'inactive-person': {
    title: 'Uw toegang is beëindigd',
    text: 'Uw account is niet (meer) actief. Neem contact op met de functioneel beheerder van uw organisatie.',
  },
  'identity-taken': {
    title: 'Dit account is al aan een andere inlog gekoppeld',
    text: 'Meld u aan met de inlog die u eerder gebruikte, of vraag de functioneel beheerder de koppeling te herstellen.',
  },
  'organisation-mismatch': {
    title: 'U meldt zich aan voor een andere organisatie',
    text: 'De organisatie waarvoor u zich aanmeldt is niet de zorgaanbieder waarvoor u bent geregistreerd.',
  },
};

/** The names of this machine. */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** A refused sign-in's page: what happened, and the way back. */
function refusalPage(title: string, text: string): string {
  return htmlPage(
    title,
    `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p><p><a href="/app/">Naar de aanmeldpagina</a></p>`,
  );
}

/**
 * Sign-in for people (OpenID Connect): GET /auth/issuers (what the sign-in page offers),
 * GET /auth/login, GET /auth/callback, POST /auth/logout.
 */
export function authRouter(deps: RouteDeps): AppRouter {
  const { services, config } = deps;
  const router = new Router<AppState>({ strict: true });
  const publicUrl = config.publicUrl;
  const sessionCookie = sessionCookieName(publicUrl);
  const signInCookie = signInCookieName(publicUrl);
  const publicHost = new URL(publicUrl).host;
  const meta = (ctx: AppContext) => ({ requestId: ctx.state.requestId, sourceIp: ctx.ip });

  router.get('/auth/issuers', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { items: services.signIn.issuers() };
  });

  router.get('/auth/login', async (ctx) => {
    // the sign-in comes back to PUBLIC_URL: on this machine, where localhost and 127.0.0.1 name one hub but
    // keep two sets of cookies, it starts there too (never behind a proxy: a public name is left alone)
    if (ctx.host !== publicHost && LOOPBACK.has(ctx.hostname) && LOOPBACK.has(new URL(publicUrl).hostname)) {
      ctx.redirect(`${publicUrl}${ctx.originalUrl}`);
      return;
    }
    const issuer = typeof ctx.query.issuer === 'string' ? ctx.query.issuer : '';
    const returnTo = typeof ctx.query.returnTo === 'string' ? ctx.query.returnTo : undefined;
    let started: { url: string; state: string } | null;
    try {
      started = await services.signIn.begin(issuer, returnTo);
    } catch (err) {
      ctx.state.log.warn({ err, issuer }, 'identity provider unreachable');
      ctx.status = 502;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = refusalPage(
        'De inlogdienst is niet bereikbaar',
        'De hub kan de inlogdienst nu niet bereiken. Probeer het over een paar minuten opnieuw.',
      );
      return;
    }
    if (!started) {
      ctx.status = 404;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = refusalPage(REFUSALS['unknown-issuer'].title, REFUSALS['unknown-issuer'].text);
      return;
    }
    setCookie(ctx, publicUrl, signInCookie, started.state, 600);
    ctx.set('Cache-Control', 'no-store');
    ctx.redirect(started.url);
  });

  router.get('/auth/callback', async (ctx) => {
    const callbackUrl = new URL(ctx.originalUrl, publicUrl);
    const result = await services.signIn.complete(
      callbackUrl,
      ctx.cookies.get(signInCookie),
      ctx.cookies.get(sessionCookie),
      meta(ctx),
    );
    setCookie(ctx, publicUrl, signInCookie, '', 0);
    ctx.set('Cache-Control', 'no-store');
    if (!result.ok) {
      ctx.status = 403;
      ctx.type = 'text/html; charset=utf-8';
      const page = REFUSALS[result.reason];
      ctx.body = refusalPage(page.title, page.text);
      return;
    }
    setCookie(ctx, publicUrl, sessionCookie, result.secret, Math.floor(config.sessionMaxMs / 1000));
    ctx.redirect(result.returnTo);
  });

  // a change: the session's anti-CSRF token and the hub's own Origin, as for the API
  router.post('/auth/logout', authenticate(services.tokens, services.signIn, publicUrl), async (ctx) => {
    const principal = principalOf(ctx);
    if (!principal.person)
      throw errors.badRequest('not-a-session', 'Sign-out ends a session; a token is revoked instead.');
    const redirectTo = await services.signIn.end(principal, meta(ctx));
    setCookie(ctx, publicUrl, sessionCookie, '', 0);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { redirectTo };
  });

  return router;
}
