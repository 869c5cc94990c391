import { timingSafeEqual } from 'node:crypto';
import { parseCookie, stringifySetCookie } from 'cookie';
import { SignJWT, jwtVerify } from 'jose';
import type { PendingSignIn } from './authorization-request';

/** The cookie's name; its path keeps it off every request but the SSO routes'. */
export const SSO_COOKIE = 'weace_sso';
const PATH = '/auth/sso';
const ALGORITHM = 'HS256';
const AUDIENCE = 'weace-sso-callback';

export interface SsoCookieOptions {
  /** At least 32 characters. */
  readonly secret: string;
  /** `Secure` attribute: set it whenever the gateway is served over https. */
  readonly secure: boolean;
  readonly maxAgeSeconds: number;
}

export interface SsoCookie {
  /** A `Set-Cookie` value carrying the pending sign-in, signed and expiring. */
  issue(pending: PendingSignIn): Promise<string>;
  /**
   * The pending sign-in of a `Cookie` header when its signature and age are
   * right and its state is `state`; undefined otherwise, whatever was wrong.
   */
  claim(cookieHeader: string | undefined, state: string): Promise<PendingSignIn | undefined>;
  /** A `Set-Cookie` value deleting the cookie: each pending sign-in is used once. */
  readonly cleared: string;
}

/**
 * Binds a sign-in to the browser that started it: the state, nonce and PKCE
 * verifier travel in an httpOnly cookie signed with the gateway's secret, so
 * the gateway keeps no session store and a callback from another browser
 * (login CSRF, a stolen redirect) finds no matching state.
 */
export function createSsoCookie(options: SsoCookieOptions): SsoCookie {
  const key = new TextEncoder().encode(options.secret);
  const attributes = {
    httpOnly: true,
    // Lax, not Strict: the callback is a top-level navigation coming back from
    // the provider's site, which Strict cookies are withheld from.
    sameSite: 'lax' as const,
    secure: options.secure,
    path: PATH,
  };
  return {
    async issue(pending) {
      const value = await new SignJWT({ ...pending })
        .setProtectedHeader({ alg: ALGORITHM })
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${options.maxAgeSeconds}s`)
        .sign(key);
      return stringifySetCookie(SSO_COOKIE, value, {
        ...attributes,
        maxAge: options.maxAgeSeconds,
      });
    },
    async claim(cookieHeader, state) {
      const value = parseCookie(cookieHeader ?? '')[SSO_COOKIE];
      if (!value) return undefined;
      try {
        const { payload } = await jwtVerify(value, key, {
          algorithms: [ALGORITHM],
          audience: AUDIENCE,
        });
        const { state: expected, nonce, codeVerifier } = payload;
        if (
          typeof expected !== 'string' ||
          typeof nonce !== 'string' ||
          typeof codeVerifier !== 'string' ||
          !sameText(expected, state)
        ) {
          return undefined;
        }
        return { state: expected, nonce, codeVerifier };
      } catch {
        return undefined;
      }
    },
    cleared: stringifySetCookie(SSO_COOKIE, '', { ...attributes, maxAge: 0 }),
  };
}

function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
