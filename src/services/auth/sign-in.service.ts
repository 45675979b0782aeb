import crypto from 'node:crypto';
import * as oidc from 'openid-client';
import type { OidcIssuerConfig } from '../../config';
import type { PersonDoc, SessionDoc } from '../../records';
import type { PersonsRepository } from '../../repositories/persons.repository';
import type { SessionsRepository } from '../../repositories/sessions.repository';
import type { Principal } from '../../policies/principal';
import { apiActor } from '../actor';
import type { AuditedActor, AuditService } from '../audit/audit.service';
import type { BsnVault } from '../allocations/bsn-vault';

/** What the sign-in needs beyond its stores. */
export interface SignInSettings {
  issuers: OidcIssuerConfig[];
  /** The hub's address as browsers reach it: the redirect URI is `<publicUrl>/auth/callback`. */
  publicUrl: string;
  idleMs: number;
  maxMs: number;
}

/** Why a sign-in was refused: each has a Dutch page and an audit event. */
export type Refusal =
  | 'unknown-issuer'
  | 'unknown-state'
  | 'state-not-this-browser'
  | 'provider-error'
  | 'invalid-response'
  | 'unknown-person'
  | 'inactive-person'
  | 'identity-taken'
  | 'organisation-mismatch';

/** A completed sign-in: the new session's secret (the cookie) and where to go. */
export interface SignedIn {
  ok: true;
  secret: string;
  returnTo: string;
  person: PersonDoc;
}

/** A refused sign-in. */
export interface Refused {
  ok: false;
  reason: Refusal;
}

/** A session touched at most this often (most requests write nothing). */
const TOUCH_MS = 60_000;
/** A sign-in must come back within this time. */
const STATE_TTL_MS = 10 * 60_000;

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');

/** Where a sign-in may return to: a path of the hub's own (never another site). */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/app/';
  return value.length > 500 ? '/app/' : value;
}

/**
 * People sign in through OpenID Connect (authorization code flow, PKCE S256, state and
 * nonce, with the certified `openid-client`), and get a session kept in the database.
 */
export class SignInService {
  private readonly configs = new Map<string, Promise<oidc.Configuration>>();
  private readonly csrfKey: Buffer;

  constructor(
    private readonly persons: PersonsRepository,
    private readonly sessions: SessionsRepository,
    private readonly audit: AuditService,
    private readonly vault: BsnVault,
    private readonly settings: SignInSettings,
    private readonly clock: () => Date,
    masterKey: Buffer,
  ) {
    this.csrfKey = Buffer.from(crypto.hkdfSync('sha256', masterKey, 'youthcare-hub', 'session-csrf-v1', 32));
  }

  /** The configured identity providers, as the sign-in page offers them. */
  issuers(): { id: string; label: string }[] {
    return this.settings.issuers.map(({ id, label }) => ({ id, label }));
  }

  private issuer(id: string): OidcIssuerConfig | undefined {
    return this.settings.issuers.find((i) => i.id === id);
  }

  /** The identity provider's metadata, discovered once (again after a failure). */
  private configOf(issuer: OidcIssuerConfig): Promise<oidc.Configuration> {
    let config = this.configs.get(issuer.id);
    if (!config) {
      config = oidc.discovery(
        new URL(issuer.issuer),
        issuer.clientId,
        issuer.clientSecret,
        undefined,
        issuer.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
      config.catch(() => this.configs.delete(issuer.id));
      this.configs.set(issuer.id, config);
    }
    return config;
  }

  private get redirectUri(): string {
    return `${this.settings.publicUrl}/auth/callback`;
  }

  /**
   * Starts a sign-in: stores state, nonce and the PKCE verifier, and answers the
   * identity provider's authorization URL and the state (which the browser keeps in a
   * cookie, so that only the browser that started a sign-in can finish it). Null for an
   * unknown issuer.
   */
  async begin(issuerId: string, returnTo: string | undefined): Promise<{ url: string; state: string } | null> {
    const issuer = this.issuer(issuerId);
    if (!issuer) return null;
    const config = await this.configOf(issuer);
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const now = this.clock();
    await this.sessions.insertState({
      _id: state,
      issuer: issuer.id,
      codeVerifier,
      nonce,
      returnTo: safeReturnTo(returnTo),
      createdAt: now,
      expiresAt: new Date(now.getTime() + STATE_TTL_MS),
    });
    const params: Record<string, string> = {
      redirect_uri: this.redirectUri,
      scope: issuer.organisationClaim ? 'openid email profile organisation' : 'openid email profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    };
    if (issuer.acrValues) params.acr_values = issuer.acrValues;
    if (issuer.prompt) params.prompt = issuer.prompt;
    return { url: oidc.buildAuthorizationUrl(config, params).href, state };
  }

  /**
   * Finishes a sign-in at the callback: the state must be one this hub issued, unused,
   * from this browser; the code is exchanged (PKCE), the ID token checked (issuer,
   * audience, signature, nonce); the person is found by its linked identity, or the first
   * time by a verified e-mail address, and must be active (and, for provider staff, of the
   * organisation the claim names). A new session on success; every outcome is audited.
   */
  async complete(
    callbackUrl: URL,
    browserState: string | undefined,
    previousSecret: string | undefined,
    meta: { requestId: string; sourceIp: string },
  ): Promise<SignedIn | Refused> {
    const refuse = async (reason: Refusal, issuerId: string, person?: PersonDoc): Promise<Refused> => {
      await this.audit.record(anonymousActor(meta), [
        {
          action: `session.refused.${reason}`,
          objectType: person ? 'person' : 'issuer',
          objectId: person?._id ?? issuerId,
          clientRef: null,
        },
      ]);
      return { ok: false, reason };
    };
    const stateParam = callbackUrl.searchParams.get('state') ?? '';
    const login = stateParam ? await this.sessions.takeState(stateParam, this.clock()) : null;
    if (!login) return refuse('unknown-state', 'unknown');
    if (!browserState || browserState !== login._id) return refuse('state-not-this-browser', login.issuer);
    const issuer = this.issuer(login.issuer);
    if (!issuer) return refuse('unknown-issuer', login.issuer);
    if (callbackUrl.searchParams.has('error')) return refuse('provider-error', issuer.id);
    let claims: oidc.IDToken;
    let idToken: string | undefined;
    try {
      const config = await this.configOf(issuer);
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: login.codeVerifier,
        expectedState: login._id,
        expectedNonce: login.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims()!;
      idToken = tokens.id_token;
      if (claims.email === undefined && tokens.access_token) {
        const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
        claims = { ...info, ...claims };
      }
    } catch {
      return refuse('invalid-response', issuer.id);
    }
    const now = this.clock();
    let person = await this.persons.personOfIdentity(issuer.issuer, claims.sub);
    if (!person) {
      const email = typeof claims.email === 'string' ? claims.email : '';
      const verified = claims[issuer.emailVerifiedClaim ?? 'email_verified'];
      const invited =
        email && (verified === true || verified === 'true') ? await this.persons.findByEmail(email) : null;
      if (!invited) return refuse('unknown-person', issuer.id);
      if (!(await this.persons.link(invited._id, issuer.issuer, claims.sub, now)))
        return refuse('identity-taken', issuer.id, invited);
      person = invited;
    }
    if (!person.active) return refuse('inactive-person', issuer.id, person);
    if (person.role === 'provider') {
      const claimed = issuer.organisationClaim ? claims[issuer.organisationClaim] : undefined;
      if (typeof claimed !== 'string' || claimed !== person.providerAgbCode)
        return refuse('organisation-mismatch', issuer.id, person);
    }
    // a sign-in always starts a new session (the old one, if any, ends): no fixation
    if (previousSecret) await this.sessions.end(sha256(previousSecret));
    const secret = crypto.randomBytes(32).toString('base64url');
    const session: SessionDoc = {
      _id: sha256(secret),
      personId: person._id,
      issuer: issuer.id,
      createdAt: now,
      lastSeenAt: now,
      idleUntil: new Date(now.getTime() + this.settings.idleMs),
      expiresAt: new Date(now.getTime() + this.settings.maxMs),
    };
    if (idToken) session.idTokenSealed = this.vault.sealSecret(idToken);
    await this.sessions.insert(session);
    await this.audit.record(apiActor(personPrincipal(person, session._id), meta.requestId, meta.sourceIp), [
      { action: 'session.sign_in', objectType: 'person', objectId: person._id, clientRef: null },
    ]);
    return { ok: true, secret, returnTo: login.returnTo, person };
  }

  /** The person a session cookie stands for, or null when the session is unknown, over, or its person inactive. */
  async authenticate(secret: string): Promise<Principal | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null;
    const now = this.clock();
    const id = sha256(secret);
    const session = await this.sessions.findLive(id, now);
    if (!session) return null;
    const person = await this.persons.findById(session.personId);
    if (!person?.active) return null;
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_MS)
      await this.sessions.touch(id, now, new Date(now.getTime() + this.settings.idleMs), TOUCH_MS);
    return personPrincipal(person, id);
  }

  /** The anti-CSRF token of a session: derived from it with the hub's key, so only the session's own pages know it. */
  csrfTokenOf(sessionId: string): string {
    return crypto.createHmac('sha256', this.csrfKey).update(sessionId).digest('base64url');
  }

  /** True when a presented anti-CSRF token is the session's. */
  csrfMatches(sessionId: string, presented: string): boolean {
    const expected = Buffer.from(this.csrfTokenOf(sessionId));
    const given = Buffer.from(presented);
    return expected.length === given.length && crypto.timingSafeEqual(expected, given);
  }

  /**
   * Ends a session (sign-out) and answers where the browser goes next: the identity
   * provider's end-session endpoint when it has one (RP-initiated logout), else the app.
   */
  async end(principal: Principal, meta: { requestId: string; sourceIp: string }): Promise<string> {
    const session = principal.person ? await this.sessions.end(principal.person.sessionId) : null;
    const fallback = `${this.settings.publicUrl}/app/`;
    if (!session) return fallback;
    await this.audit.record(apiActor(principal, meta.requestId, meta.sourceIp), [
      { action: 'session.sign_out', objectType: 'person', objectId: session.personId, clientRef: null },
    ]);
    const issuer = this.issuer(session.issuer);
    if (!issuer) return fallback;
    try {
      const config = await this.configOf(issuer);
      if (!config.serverMetadata().end_session_endpoint) return fallback;
      const params: Record<string, string> = { post_logout_redirect_uri: fallback, client_id: issuer.clientId };
      if (session.idTokenSealed) params.id_token_hint = this.vault.openSecret(session.idTokenSealed);
      return oidc.buildEndSessionUrl(config, params).href;
    } catch {
      return fallback;
    }
  }

  /** Removes sessions and sign-ins that are over at `now`. */
  purgeExpired(now: Date = this.clock()): Promise<number> {
    return this.sessions.purgeExpired(now);
  }
}

/** The principal of a signed-in person. */
export function personPrincipal(person: PersonDoc, sessionId: string): Principal {
  const principal: Principal = {
    tokenId: person._id,
    role: person.role,
    label: person.name,
    person: {
      sessionId,
      registration: person.registration,
      supervisedBy: person.supervisedBy,
      canManageOrganisation: person.canManageOrganisation,
    },
  };
  if (person.teamCode) principal.teamCode = person.teamCode;
  if (person.providerAgbCode) principal.providerAgbCode = person.providerAgbCode;
  return principal;
}

/** Someone not signed in (a refused sign-in): recorded with where the request came from. */
function anonymousActor(meta: { requestId: string; sourceIp: string }): AuditedActor {
  return {
    requestId: meta.requestId,
    sourceIp: meta.sourceIp,
    audit: { tokenId: null, role: 'anonymous', organisation: null, label: 'sign-in' },
  };
}
