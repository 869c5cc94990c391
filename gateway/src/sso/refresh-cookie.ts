import { parseCookie, stringifySetCookie } from 'cookie';

/** The cookie keeping a browser's SSO refresh token; its path keeps it off every other route. */
export const REFRESH_COOKIE = 'weace_sso_refresh';
const PATH = '/auth/sso';

export interface RefreshCookieOptions {
  /** How long the browser keeps it: the refresh token's life. Default 30 days (Cognito's default). */
  readonly maxAgeSeconds?: number;
}

/**
 * Where a browser keeps its SSO refresh token instead of a URL: httpOnly (no
 * script reads it), Secure, `SameSite=Strict` (no other site's page can make
 * the browser send it, so `/refresh` and `/logout` need no CSRF token) and
 * scoped to `/auth/sso`, which `/auth/sso/refresh` reads.
 */
export function createRefreshCookie(options: RefreshCookieOptions = {}) {
  const attributes = {
    httpOnly: true,
    secure: true,
    sameSite: 'strict' as const,
    path: PATH,
  };
  return {
    /** A `Set-Cookie` value carrying the refresh token. */
    issue: (refreshToken: string) =>
      stringifySetCookie(REFRESH_COOKIE, refreshToken, {
        ...attributes,
        maxAge: options.maxAgeSeconds ?? 30 * 24 * 3600,
      }),
    /** The refresh token of a `Cookie` header, if any. */
    read: (cookieHeader: string | undefined): string | undefined =>
      parseCookie(cookieHeader ?? '')[REFRESH_COOKIE] || undefined,
    /** A `Set-Cookie` value deleting it. */
    cleared: stringifySetCookie(REFRESH_COOKIE, '', { ...attributes, maxAge: 0 }),
  };
}
