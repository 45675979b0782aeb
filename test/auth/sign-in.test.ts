/**
 * Sign-in with OpenID Connect against a real OpenID Provider (the development identity
 * provider, `oidc-provider`, in its own process) over real HTTP: the code flow, sessions,
 * and every way a sign-in or a session is refused (each audited).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import { createHarness, type Harness } from '../support/harness';
import { loadConfig } from '../../src/config';
import { CookieBrowser, csrfOf, startIdp, toCallback, type IdpProcess } from '../support/oidc';
import { freePort } from '../support/processes';
import type { DevAccount } from '../../src/dev-idp/dev-idp';

const SESSION = '__Host-hub-session';

describe('people sign in with OpenID Connect', () => {
  let h: Harness;
  let idp: IdpProcess;
  let second: IdpProcess;
  let server: http.Server;
  let hub: string;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const hubPort = await freePort();
    hub = `http://127.0.0.1:${hubPort}`;
    const clients = () => [
      {
        clientId: 'hub',
        clientSecret: 'hub-secret',
        redirectUris: [`${hub}/auth/callback`],
        postLogoutRedirectUris: [`${hub}/app/`],
      },
      {
        clientId: 'someone-else',
        clientSecret: 'other-secret',
        redirectUris: [`${hub}/auth/callback`],
        postLogoutRedirectUris: [],
      },
    ];
    [idp, second] = await Promise.all([startIdp(clients), startIdp(clients)]);
    h = await createHarness({
      PUBLIC_URL: hub,
      OIDC_ISSUERS: JSON.stringify([
        {
          id: 'dev',
          label: 'Dev',
          issuer: idp.issuer,
          clientId: 'hub',
          clientSecret: 'hub-secret',
          organisationClaim: 'agb',
        },
        {
          id: 'second',
          label: 'Second',
          issuer: second.issuer,
          clientId: 'hub',
          clientSecret: 'hub-secret',
          emailVerifiedClaim: 'xms_edov', // as Entra ID says it; this provider does not send it
        },
      ]),
    });
    server = http.createServer(h.app.callback());
    await new Promise<void>((r) => server.listen(hubPort, '127.0.0.1', r));
    expect((server.address() as AddressInfo).port).toBe(hubPort);
    admin = await h.bearer('admin');
    await h.http
      .post('/v1/teams')
      .set('Authorization', admin)
      .send({ teamCode: 'T1', name: 'Team 1', municipalityCodes: ['0363'] })
      .expect(201);
    for (const agb of ['11111111', '22222222'])
      await h.http
        .post('/v1/providers')
        .set('Authorization', admin)
        .send({ agbCode: agb, name: `Aanbieder ${agb}`, email: `a${agb}@example.org` })
        .expect(201);
    const people = [
      {
        key: 'sanne',
        body: {
          name: 'Sanne',
          email: 'sanne@gemeente.example',
          role: 'consultant',
          teamCode: 'T1',
          registration: { register: 'SKJ', number: '100012345' },
        },
      },
      { key: 'ruud', body: { name: 'Ruud', email: 'ruud@gemeente.example', role: 'consultant', teamCode: 'T1' } },
      {
        key: 'eva',
        body: {
          name: 'Eva',
          email: 'eva@aanbieder.example',
          role: 'provider',
          providerAgbCode: '11111111',
          canManageOrganisation: true,
        },
      },
      {
        key: 'mehmet',
        body: { name: 'Mehmet', email: 'mehmet@aanbieder.example', role: 'provider', providerAgbCode: '11111111' },
      },
      {
        key: 'joost',
        body: { name: 'Joost', email: 'joost@ander.example', role: 'provider', providerAgbCode: '22222222' },
      },
      { key: 'anna', body: { name: 'Anna', email: 'anna@gemeente.example', role: 'admin' } },
    ];
    for (const p of people) {
      const res = await h.http.post('/v1/persons').set('Authorization', admin).send(p.body).expect(201);
      ids[p.key] = (res.body as { id: string }).id;
    }
    const accounts: DevAccount[] = [
      { sub: 'sub-sanne', email: 'sanne@gemeente.example', name: 'Sanne' },
      { sub: 'sub-ruud', email: 'ruud@gemeente.example', name: 'Ruud' },
      { sub: 'sub-eva', email: 'eva@aanbieder.example', name: 'Eva', agb: '11111111' },
      { sub: 'sub-mehmet', email: 'mehmet@aanbieder.example', name: 'Mehmet', agb: '22222222' }, // claims the wrong organisation
      { sub: 'sub-joost', email: 'joost@ander.example', name: 'Joost', agb: '22222222' },
      { sub: 'sub-anna', email: 'anna@gemeente.example', name: 'Anna' },
      { sub: 'sub-stranger', email: 'stranger@example.org', name: 'Stranger' },
    ];
    idp.setAccounts(accounts);
    second.setAccounts(accounts);
  }, 60_000);

  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await Promise.all([idp?.stop(), second?.stop()]);
    await h?.close();
  });

  const callbackOf = (b: CookieBrowser, sub: string, issuer = 'dev') => toCallback(hub, b, sub, issuer);

  /** A whole sign-in: the browser, its session cookie, and the callback's answer. */
  async function signIn(sub: string, issuer = 'dev') {
    const b = new CookieBrowser();
    const callback = await callbackOf(b, sub, issuer);
    const res = await b.request(callback);
    return { b, res, session: b.cookie(new URL(hub).host, SESSION) };
  }

  const me = (b: CookieBrowser) => b.request(`${hub}/v1/me`);
  const auditActions = async () =>
    (
      await h.db.database.col.auditEvents
        .find({}, { comment: 'dangerous: the test reads the whole trail' })
        .sort({ _id: 1 })
        .toArray()
    ).map((e) => ({
      action: e.action,
      objectId: e.objectId,
      actor: e.actor.tokenId,
      label: e.actor.label,
    }));

  test('the code flow (PKCE S256, state, nonce) opens a session: /v1/me names the person; the cookie is __Host-, HttpOnly, Secure, SameSite=Lax', async () => {
    const b = new CookieBrowser();
    const login = await b.request(`${hub}/auth/login?issuer=dev&returnTo=/app/%23/caseload`);
    expect(login.status).toBe(302);
    const auth = new URL(login.headers.get('location')!);
    expect(auth.origin).toBe(idp.issuer);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('state')).toBeTruthy();
    expect(auth.searchParams.get('nonce')).toBeTruthy();
    expect(login.headers.getSetCookie().join()).toMatch(/__Host-hub-sign-in=.*HttpOnly; SameSite=Lax/);

    const atIdp = await b.follow(auth.href);
    const { url } = await b.follow(await b.pick(atIdp.url, 'sub-sanne'), /\/auth\/callback\?/);
    const res = await b.request(url);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/app/#/caseload');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION}=`))!;
    expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200; Secure$/);
    expect(cookie).not.toMatch(/Domain=/i);

    const who = await me(b);
    expect(who.status).toBe(200);
    const body = (await who.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      kind: 'person',
      id: ids.sanne,
      name: 'Sanne',
      role: 'consultant',
      teamCode: 'T1',
      registration: { register: 'SKJ', number: '100012345' },
      supervisedBy: null,
    });
    expect(body.csrfToken).toEqual(expect.any(String));
    const person = await h.db.database.col.persons.findOne({ _id: ids.sanne });
    expect(person?.identity).toEqual({ issuer: idp.issuer, sub: 'sub-sanne' });
    expect(await auditActions()).toContainEqual({
      action: 'session.sign_in',
      objectId: ids.sanne,
      actor: ids.sanne,
      label: 'Sanne',
    });
    // the trail names the person (id, name, role, team) and is filtered by it
    const byPerson = await h.http.get(`/v1/audit-events?personId=${ids.sanne}`).set('Authorization', admin).expect(200);
    const events = (byPerson.body as { items: { action: string; actor: Record<string, unknown> }[] }).items;
    expect(events.map((e) => e.action)).toContain('session.sign_in');
    for (const e of events)
      expect(e.actor).toEqual({ tokenId: ids.sanne, role: 'consultant', organisation: 'T1', label: 'Sanne' });
    // the cookie's secret is not what the database keeps
    const secret = b.cookie(new URL(hub).host, SESSION)!;
    expect(await h.db.database.col.sessions.findOne({ _id: secret })).toBeNull();
    expect(await h.db.database.col.sessions.countDocuments({ personId: ids.sanne })).toBeGreaterThan(0);
  });

  test('a sign-in started on another name of the hub (localhost for 127.0.0.1) moves to PUBLIC_URL first, so it comes back to its own cookie', async () => {
    const other = hub.replace('127.0.0.1', 'localhost');
    const b = new CookieBrowser();
    const moved = await b.request(`${other}/auth/login?issuer=dev&returnTo=%2Fapp%2F`);
    expect(moved.status).toBe(302);
    expect(moved.headers.get('location')).toBe(`${hub}/auth/login?issuer=dev&returnTo=%2Fapp%2F`);
    expect(moved.headers.getSetCookie()).toEqual([]);
    const { res } = await signIn('sub-ruud');
    expect(res.status).toBe(302);
    // without PUBLIC_URL, the hub's address is where it listens, as its start-up line prints it
    expect(loadConfig({ HOST: '127.0.0.1', PORT: '3000' }, false).publicUrl).toBe('http://127.0.0.1:3000');
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }, false).publicUrl).toBe('http://localhost:8080');
  });

  test("a replayed, a forged or another browser's state is refused, with a Dutch page and an audit event", async () => {
    const b = new CookieBrowser();
    const callback = await callbackOf(b, 'sub-ruud');
    expect((await b.request(callback)).status).toBe(302);
    const replay = await b.request(callback);
    expect(replay.status).toBe(403);
    expect(await replay.text()).toContain('Deze aanmelding is verlopen of al gebruikt');

    const forged = new URL(callback);
    forged.searchParams.set('state', crypto.randomBytes(32).toString('base64url'));
    const f = await new CookieBrowser().request(forged.href);
    expect(f.status).toBe(403);
    expect(f.headers.getSetCookie().some((c) => c.startsWith(`${SESSION}=`) && !/Max-Age=0/.test(c))).toBe(false);

    // a sign-in started in one browser, its callback opened in another (login CSRF)
    const victim = new CookieBrowser();
    const attackerCallback = await callbackOf(new CookieBrowser(), 'sub-ruud');
    const v = await victim.request(attackerCallback);
    expect(v.status).toBe(403);
    expect(await v.text()).toContain('in een andere browser begonnen');
    expect(victim.cookie(new URL(hub).host, SESSION)).toBeUndefined();

    const actions = (await auditActions()).map((a) => a.action);
    expect(actions).toContain('session.refused.unknown-state');
    expect(actions).toContain('session.refused.state-not-this-browser');
  });

  test('a wrong nonce, a code for another client and an answer from another issuer are refused', async () => {
    // nonce: the ID token carries the nonce the identity provider was given; the hub expects another
    const b = new CookieBrowser();
    const callback = await callbackOf(b, 'sub-ruud');
    const state = new URL(callback).searchParams.get('state')!;
    await h.db.database.col.loginStates.updateOne({ _id: state }, { $set: { nonce: 'not-the-nonce' } });
    const n = await b.request(callback);
    expect(n.status).toBe(403);
    expect(await n.text()).toContain('Het antwoord van de inlogdienst klopt niet');

    // a code issued to another client (same provider, same redirect URI) under the hub's state
    const c = new CookieBrowser();
    const login = await c.request(`${hub}/auth/login?issuer=dev`);
    const ours = new URL(login.headers.get('location')!);
    const theirs = new URL(ours.href);
    theirs.searchParams.set('client_id', 'someone-else');
    const verifier = crypto.randomBytes(32).toString('base64url');
    theirs.searchParams.set('code_challenge', crypto.createHash('sha256').update(verifier).digest('base64url'));
    const atIdp = await c.follow(theirs.href);
    const { url } = await c.follow(await c.pick(atIdp.url, 'sub-ruud'), /\/auth\/callback\?/);
    expect(new URL(url).searchParams.get('state')).toBe(ours.searchParams.get('state'));
    expect((await c.request(url)).status).toBe(403);

    // a sign-in started with the second issuer, answered by the first (mix-up)
    const m = new CookieBrowser();
    const viaSecond = await m.request(`${hub}/auth/login?issuer=second`);
    const secondState = new URL(viaSecond.headers.get('location')!).searchParams.get('state')!;
    const firstAnswer = new URL(await callbackOf(new CookieBrowser(), 'sub-ruud'));
    firstAnswer.searchParams.set('state', secondState);
    expect((await m.request(firstAnswer.href)).status).toBe(403);

    const refused = (await auditActions()).filter((a) => a.action === 'session.refused.invalid-response');
    expect(refused.length).toBeGreaterThanOrEqual(3);
  });

  test('an unknown person, a provider person whose organisation claim does not match, and a deactivated person get no session', async () => {
    const stranger = await signIn('sub-stranger');
    expect(stranger.res.status).toBe(403);
    expect(await stranger.res.text()).toContain('U bent niet geregistreerd');
    expect(stranger.session).toBeUndefined();

    const mehmet = await signIn('sub-mehmet');
    expect(mehmet.res.status).toBe(403);
    expect(await mehmet.res.text()).toContain('andere organisatie');
    expect(mehmet.session).toBeUndefined();

    const eva = await signIn('sub-eva');
    expect(eva.res.status).toBe(302);
    expect((await me(eva.b)).status).toBe(200);
    // deactivation ends the session at once
    const person = await h.http.get(`/v1/persons/${ids.eva}`).set('Authorization', admin).expect(200);
    await h.http
      .patch(`/v1/persons/${ids.eva}`)
      .set('Authorization', admin)
      .set('If-Match', person.headers.etag!)
      .send({ active: false })
      .expect(200);
    expect((await me(eva.b)).status).toBe(401);
    const again = await signIn('sub-eva');
    expect(again.res.status).toBe(403);
    expect(await again.res.text()).toContain('Uw toegang is beëindigd');
    const actions = (await auditActions()).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'session.refused.unknown-person',
        'session.refused.organisation-mismatch',
        'person.deactivate',
        'session.refused.inactive-person',
      ]),
    );
    await h.http.patch(`/v1/persons/${ids.eva}`).set('Authorization', admin).send({ active: true }).expect(200);
  });

  test("the first sign-in links by an e-mail address only when the issuer's own claim says it is verified", async () => {
    await h.http
      .post('/v1/persons')
      .set('Authorization', admin)
      .send({ name: 'Vera', email: 'vera@gemeente.example', role: 'contract_manager' })
      .expect(201);
    const accounts = JSON.parse(fs.readFileSync(second.accountsFile, 'utf8')) as DevAccount[];
    const vera = { sub: 'sub-vera', email: 'vera@gemeente.example', name: 'Vera' };
    second.setAccounts([...accounts, vera]);
    idp.setAccounts([...(JSON.parse(fs.readFileSync(idp.accountsFile, 'utf8')) as DevAccount[]), vera]);
    const unverified = await signIn('sub-vera', 'second'); // email_verified is sent, xms_edov is not
    expect(unverified.res.status).toBe(403);
    expect(await unverified.res.text()).toContain('U bent niet geregistreerd');
    expect((await signIn('sub-vera', 'dev')).res.status).toBe(302); // this issuer's email_verified counts
  });

  test('a session ends after its idle time and after its lifetime, whatever its use', async () => {
    const { b } = await signIn('sub-ruud');
    expect((await me(b)).status).toBe(200);
    h.clock.set(new Date(h.clock.now().getTime() + 29 * 60_000));
    expect((await me(b)).status).toBe(200); // used: the idle time starts again
    h.clock.set(new Date(h.clock.now().getTime() + 31 * 60_000));
    expect((await me(b)).status).toBe(401);

    const used = await signIn('sub-ruud');
    for (let hour = 0; hour < 12; hour++) {
      h.clock.set(new Date(h.clock.now().getTime() + 20 * 60_000));
      expect((await me(used.b)).status).toBe(200);
      h.clock.set(new Date(h.clock.now().getTime() + 20 * 60_000));
      expect((await me(used.b)).status).toBe(200);
      h.clock.set(new Date(h.clock.now().getTime() + 20 * 60_000));
      if (hour < 11) expect((await me(used.b)).status).toBe(200);
    }
    expect((await me(used.b)).status).toBe(401); // 12 hours after sign-in
  });

  test("a change with a session needs the anti-CSRF header and the hub's Origin; a token and a cookie together are a 400", async () => {
    const { b } = await signIn('sub-anna');
    const csrf = await csrfOf(hub, b);
    const email = `nieuw-${Date.now()}@gemeente.example`;
    const body = JSON.stringify({ name: 'Nieuw', email, role: 'contract_manager' });
    const post = (headers: Record<string, string>) =>
      b.request(`${hub}/v1/persons`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
    const bare = await post({ Origin: hub });
    expect(bare.status).toBe(403);
    expect(((await bare.json()) as { type: string }).type).toMatch(/csrf-failed$/);
    expect((await post({ Origin: 'https://evil.example', 'X-CSRF-Token': csrf })).status).toBe(403);
    expect((await post({ 'X-CSRF-Token': csrf })).status).toBe(403); // no Origin at all
    // another token: its first character changed (the last one's low bits may not count in base64url)
    const forged = `${csrf.startsWith('A') ? 'B' : 'A'}${csrf.slice(1)}`;
    expect((await post({ Origin: hub, 'X-CSRF-Token': forged })).status).toBe(403);
    expect(await h.db.database.col.persons.countDocuments({ email })).toBe(0);
    expect((await post({ Origin: hub, 'X-CSRF-Token': csrf })).status).toBe(201);

    const both = await b.request(`${hub}/v1/me`, { headers: { Authorization: admin } });
    expect(both.status).toBe(400);
  });

  test('sign-out ends the session here and sends the browser to the identity provider (RP-initiated logout)', async () => {
    const { b } = await signIn('sub-ruud');
    const csrf = await csrfOf(hub, b);
    const out = await b.request(`${hub}/auth/logout`, {
      method: 'POST',
      headers: { Origin: hub, 'X-CSRF-Token': csrf },
    });
    expect(out.status).toBe(200);
    const to = new URL(((await out.json()) as { redirectTo: string }).redirectTo);
    expect(to.origin).toBe(idp.issuer);
    expect(to.searchParams.get('id_token_hint')).toMatch(/^ey/);
    expect(to.searchParams.get('post_logout_redirect_uri')).toBe(`${hub}/app/`);
    expect(b.cookie(new URL(hub).host, SESSION)).toBeUndefined();
    expect((await auditActions()).map((a) => a.action)).toContain('session.sign_out');
  });

  test("a provider's administrator manages its own staff and tokens only", async () => {
    const { b } = await signIn('sub-eva');
    const csrf = await csrfOf(hub, b);
    const send = (method: string, path: string, body?: unknown) =>
      b.request(`${hub}${path}`, {
        method,
        headers: { Origin: hub, 'X-CSRF-Token': csrf, 'Content-Type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    const list = (await (await send('GET', '/v1/persons')).json()) as { items: { id: string }[] };
    expect(list.items.map((p) => p.id).sort()).toEqual([ids.eva, ids.mehmet].sort());
    expect((await send('GET', `/v1/persons/${ids.joost}`)).status).toBe(404);
    expect((await send('GET', `/v1/persons/${ids.sanne}`)).status).toBe(404);
    expect((await send('PATCH', `/v1/persons/${ids.joost}`, { active: false })).status).toBe(404);
    expect(
      (await send('POST', '/v1/persons', { name: 'X', email: 'x@x.example', role: 'consultant', teamCode: 'T1' }))
        .status,
    ).toBe(403);
    expect(
      (
        await send('POST', '/v1/persons', {
          name: 'X',
          email: 'x@x.example',
          role: 'provider',
          providerAgbCode: '22222222',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await send('POST', '/v1/persons', {
          name: 'Nieuwe collega',
          email: 'collega@aanbieder.example',
          role: 'provider',
          providerAgbCode: '11111111',
        })
      ).status,
    ).toBe(201);

    const theirs = await h.services.tokens.create(
      { role: 'provider', providerAgbCode: '22222222', label: 'their EPD' },
      'test',
    );
    expect(
      (await send('POST', '/v1/tokens', { role: 'provider', providerAgbCode: '22222222', label: 'x' })).status,
    ).toBe(403);
    expect((await send('POST', '/v1/tokens', { role: 'admin', label: 'x' })).status).toBe(403);
    const mine = await send('POST', '/v1/tokens', { role: 'provider', providerAgbCode: '11111111', label: 'ons EPD' });
    expect(mine.status).toBe(201);
    const tokens = (await (await send('GET', '/v1/tokens')).json()) as { items: { providerAgbCode: string }[] };
    expect(tokens.items.length).toBeGreaterThan(0);
    expect(tokens.items.every((t) => t.providerAgbCode === '11111111')).toBe(true);
    expect((await send('POST', `/v1/tokens/${theirs.record._id}/revoke`)).status).toBe(404);
    expect(await h.db.database.col.tokens.findOne({ _id: theirs.record._id })).not.toHaveProperty('revokedAt');

    // a staff member without canManageOrganisation manages nothing
    const plain = await signIn('sub-joost');
    expect((await plain.b.request(`${hub}/v1/persons`)).status).toBe(403);
    expect((await plain.b.request(`${hub}/v1/tokens`)).status).toBe(403);
  });

  test('two first sign-ins of one invited person at once link it once', async () => {
    await h.http
      .post('/v1/persons')
      .set('Authorization', admin)
      .send({ name: 'Race', email: 'race@gemeente.example', role: 'contract_manager' })
      .expect(201);
    const accounts = JSON.parse(fs.readFileSync(idp.accountsFile, 'utf8')) as DevAccount[];
    idp.setAccounts([...accounts, { sub: 'sub-race', email: 'race@gemeente.example', name: 'Race' }]);
    const browsers = [new CookieBrowser(), new CookieBrowser(), new CookieBrowser()];
    const callbacks = await Promise.all(browsers.map((b) => callbackOf(b, 'sub-race')));
    const answers = await Promise.all(browsers.map((b, i) => b.request(callbacks[i]!)));
    expect(answers.map((r) => r.status)).toEqual([302, 302, 302]);
    expect(await h.db.database.col.personIdentities.countDocuments({ _id: `${idp.issuer} sub-race` })).toBe(1);
  });
});
