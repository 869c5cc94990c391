import {
  ErrorCode,
  type Logger,
  type TokenVerifier,
  currentRequestContext,
  httpStatusOf,
} from '@weace/service-kit';
import { type Response, Router } from 'express';
import { GraphQLError } from 'graphql';
import { authorizationUrl, logoutUrl, newPendingSignIn } from './authorization-request';
import { createRefreshCookie } from './refresh-cookie';
import { createSsoCookie } from './sso-cookie';
import type { SsoOptions } from './sso-options';
import type { SsoServices, SsoSession } from './sso-services';

export interface SsoRoutesOptions {
  readonly sso: SsoOptions;
  readonly services: SsoServices;
  /** Verifies the bearer of `/user-info`, with the gateway's trusted issuers. */
  readonly verifyToken: TokenVerifier;
  readonly logger: Logger;
}

const DEFAULT_SIGN_IN_TIMEOUT_SECONDS = 600;

/**
 * The SSO REST routes, mounted at `/auth/sso`:
 * - `GET /login` starts a sign-in: the provider's authorize URL as JSON, or a
 *   302 to it with `?redirect=true`, and the cookie binding it to this browser;
 * - `GET /callback` checks state (and so the cookie), has the auth service
 *   redeem the code with the PKCE verifier and check the nonce, has the users
 *   service find, link or create the profile, and answers with tokens and
 *   profile as JSON (mobile apps keep the refresh token from it), or by a 302
 *   to the app with the access and ID tokens in the fragment; the refresh
 *   token never goes in a URL: it goes in the refresh cookie;
 * - `POST /refresh` answers new tokens for `{ refreshToken }` (mobile apps),
 *   or for the refresh cookie (browsers, whose answer has no refresh token);
 * - `GET /logout` revokes the refresh cookie's token, deletes the cookie, and
 *   gives the provider's logout URL (JSON, or 302 with `?redirect=true`);
 * - `GET /user-info` the verified claims and the profile of the bearer.
 * Failures answer `{ errors: [{ message, extensions: { code } }] }`, as GraphQL does.
 */
export function createSsoRoutes(options: SsoRoutesOptions): Router {
  const { sso, services, logger } = options;
  const cookie = createSsoCookie({
    secret: sso.cookieSecret,
    secure: new URL(sso.redirectUri).protocol === 'https:',
    maxAgeSeconds: sso.signInTimeoutSeconds ?? DEFAULT_SIGN_IN_TIMEOUT_SECONDS,
  });
  const refreshCookie = createRefreshCookie();
  const router = Router();
  router.use((_req, res, next) => {
    // Every answer here carries tokens or sign-in secrets.
    res.set('cache-control', 'no-store');
    next();
  });

  router.get('/login', async (req, res) => {
    const pending = newPendingSignIn();
    res.append('set-cookie', await cookie.issue(pending));
    answerWithUrl(res, req.query.redirect, 'authorizationUrl', authorizationUrl(sso, pending));
  });

  router.get('/callback', async (req, res) => {
    res.append('set-cookie', cookie.cleared);
    const { state, code, error } = req.query;
    const pending =
      typeof state === 'string' ? await cookie.claim(req.headers.cookie, state) : undefined;
    if (!pending) {
      return fail(res, ErrorCode.Unauthenticated, 'This sign-in cannot be verified; sign in again');
    }
    if (typeof code !== 'string' || !code) {
      logger.info({ providerError: String(error ?? 'no code') }, 'SSO sign-in not completed');
      return fail(res, ErrorCode.Unauthenticated, 'The sign-in was not completed; sign in again');
    }
    try {
      const session = await services.exchangeCode({
        code,
        codeVerifier: pending.codeVerifier,
        redirectUri: sso.redirectUri,
        nonce: pending.nonce,
      });
      const user = await services.profileFor(session);
      logger.info({ subject: session.subject, userId: user.id }, 'SSO sign-in');
      if (session.refreshToken) res.append('set-cookie', refreshCookie.issue(session.refreshToken));
      if (!sso.appRedirectUrl) return res.json({ ...tokensOf(session), user });
      const target = new URL(sso.appRedirectUrl);
      target.hash = fragmentOf(session).toString();
      res.redirect(302, target.href);
    } catch (failure) {
      failWith(res, failure, logger);
    }
  });

  router.post('/refresh', async (req, res) => {
    const fromBody: unknown = req.body?.refreshToken;
    const fromCookie = refreshCookie.read(req.headers.cookie);
    const refreshToken = typeof fromBody === 'string' && fromBody ? fromBody : fromCookie;
    if (!refreshToken) {
      return fail(res, ErrorCode.BadUserInput, 'refreshToken is required', ['refreshToken']);
    }
    try {
      const session = await services.refresh(refreshToken);
      if (refreshToken !== fromCookie) return res.json(tokensOf(session));
      // A browser's refresh token stays in its cookie, renewed when the provider rotated it.
      if (session.refreshToken) res.append('set-cookie', refreshCookie.issue(session.refreshToken));
      res.json(tokensOf({ ...session, refreshToken: null }));
    } catch (failure) {
      failWith(res, failure, logger);
    }
  });

  router.get('/logout', async (req, res) => {
    res.append('set-cookie', cookie.cleared);
    const refreshToken = refreshCookie.read(req.headers.cookie);
    if (refreshToken) {
      res.append('set-cookie', refreshCookie.cleared);
      // Signing out goes on even if the provider cannot be reached; the cookie is gone anyway.
      await services.revoke(refreshToken).catch((error: unknown) => {
        logger.warn({ err: error }, 'SSO refresh token not revoked');
      });
    }
    answerWithUrl(res, req.query.redirect, 'logoutUrl', logoutUrl(sso));
  });

  router.get('/user-info', async (req, res) => {
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    const claims =
      scheme?.toLowerCase() === 'bearer' && token
        ? await options.verifyToken(token).catch(() => undefined)
        : undefined;
    if (!claims) return fail(res, ErrorCode.Unauthenticated, 'Invalid or expired token');
    try {
      res.json({ claims, user: await services.profileOf(String(claims.sub)) });
    } catch (failure) {
      failWith(res, failure, logger);
    }
  });

  return router;
}

/** `{ [name]: url }` as JSON, or a 302 to the URL when the browser asked with `?redirect=true`. */
function answerWithUrl(res: Response, redirect: unknown, name: string, url: URL): void {
  if (redirect === 'true') res.redirect(302, url.href);
  else res.json({ [name]: url.href });
}

function tokensOf(session: SsoSession) {
  const { accessToken, idToken, refreshToken, expiresIn, tokenType } = session;
  return { accessToken, idToken, ...(refreshToken && { refreshToken }), expiresIn, tokenType };
}

/**
 * The tokens under OAuth 2.0's own names (RFC 6749 §4.2.2), which apps
 * reading a fragment expect; never the refresh token, which would outlive
 * the URL in history and logs: it is in the refresh cookie.
 */
function fragmentOf(session: SsoSession): URLSearchParams {
  return new URLSearchParams({
    access_token: session.accessToken,
    id_token: session.idToken,
    expires_in: String(session.expiresIn),
    token_type: session.tokenType,
  });
}

function fail(res: Response, code: ErrorCode, message: string, fields?: readonly string[]): void {
  res
    .status(httpStatusOf[code])
    .json({ errors: [{ message, extensions: { code, ...(fields && { fields }) } }] });
}

/**
 * A service's own refusal (UNAUTHENTICATED for a replayed code, CONFLICT for a
 * taken email…) passes through; anything else is logged and masked, as the
 * GraphQL error formatter does.
 */
function failWith(res: Response, failure: unknown, logger: Logger): void {
  const code = failure instanceof GraphQLError ? failure.extensions.code : undefined;
  if (typeof code === 'string' && code in httpStatusOf && code !== ErrorCode.InternalServerError) {
    return fail(res, code as ErrorCode, (failure as GraphQLError).message);
  }
  const requestId = currentRequestContext()?.requestId;
  logger.error({ err: failure }, 'SSO request failed');
  fail(
    res,
    ErrorCode.InternalServerError,
    `Internal server error${requestId ? ` (request ${requestId})` : ''}`,
  );
}
