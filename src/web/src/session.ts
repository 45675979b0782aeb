/**
 * Who is signed in. A person signs in through an identity provider and gets a session
 * cookie (HttpOnly: the app never sees it); its anti-CSRF token, which the app sends with
 * every change, comes with GET /v1/me and is kept in memory only. A system's or an
 * admin's bearer token can still be pasted: it is kept in sessionStorage only (gone with
 * the tab; never in a URL).
 */
const KEY = 'hub.token';
let csrf: string | null = null;

export const session = {
  token: (): string | null => sessionStorage.getItem(KEY),
  signIn: (token: string): void => sessionStorage.setItem(KEY, token.trim()),
  /** The session's anti-CSRF token (from GET /v1/me), or null with a bearer token. */
  csrf: (): string | null => csrf,
  setCsrf: (token: string | null): void => {
    csrf = token;
  },
  /** Forgets the caller here (the server-side sign-out is `signOut` in api.ts). */
  forget: (): void => {
    sessionStorage.removeItem(KEY);
    csrf = null;
    window.dispatchEvent(new Event('hub:signed-out'));
  },
};
