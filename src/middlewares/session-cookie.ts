import type { AppContext } from './state';

/** A cookie may carry `Secure` (and so the `__Host-` prefix) when browsers reach the hub over HTTPS, or on this machine (localhost counts as secure). */
export function cookiesAreSecure(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/** The session cookie's name: `__Host-hub-session` (Secure, Path=/, no Domain), or without the prefix over plain HTTP in development. */
export function sessionCookieName(publicUrl: string): string {
  return cookiesAreSecure(publicUrl) ? '__Host-hub-session' : 'hub-session';
}

/** The cookie that ties a sign-in under way to the browser that started it. */
export function signInCookieName(publicUrl: string): string {
  return cookiesAreSecure(publicUrl) ? '__Host-hub-sign-in' : 'hub-sign-in';
}

/** Sets (or with `maxAgeSeconds` 0, clears) a host-only HttpOnly cookie with SameSite=Lax. */
export function setCookie(
  ctx: AppContext,
  publicUrl: string,
  name: string,
  value: string,
  maxAgeSeconds: number,
): void {
  const parts = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (cookiesAreSecure(publicUrl)) parts.push('Secure');
  ctx.append('Set-Cookie', parts.join('; '));
}
