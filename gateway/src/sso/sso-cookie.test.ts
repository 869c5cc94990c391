import { describe, expect, it } from '@jest/globals';
import { parseSetCookie } from 'cookie';
import { SignJWT } from 'jose';
import { newPendingSignIn } from './authorization-request';
import { SSO_COOKIE, createSsoCookie } from './sso-cookie';

const secret = 'a-cookie-secret-of-32-characters!';
const cookies = createSsoCookie({ secret, secure: true, maxAgeSeconds: 600 });

/** What the browser sends back for a `Set-Cookie` value. */
const sentBack = (setCookie: string) => {
  const { name, value } = parseSetCookie(setCookie);
  return `other=1; ${name}=${value}`;
};

describe('the SSO cookie', () => {
  it('is httpOnly, SameSite=Lax, Secure, scoped to the SSO routes and short-lived', async () => {
    const setCookie = parseSetCookie(await cookies.issue(newPendingSignIn()));
    expect(setCookie).toMatchObject({
      name: SSO_COOKIE,
      httpOnly: true,
      sameSite: 'lax',
      secure: true,
      path: '/auth/sso',
      maxAge: 600,
    });
  });

  it('gives back the pending sign-in to the callback carrying its state', async () => {
    const pending = newPendingSignIn();
    const header = sentBack(await cookies.issue(pending));
    await expect(cookies.claim(header, pending.state)).resolves.toEqual(pending);
  });

  it('gives nothing for another state, a tampered or foreign cookie, or none', async () => {
    const pending = newPendingSignIn();
    const header = sentBack(await cookies.issue(pending));
    await expect(cookies.claim(header, newPendingSignIn().state)).resolves.toBeUndefined();
    await expect(cookies.claim(`${header}x`, pending.state)).resolves.toBeUndefined();
    const foreign = createSsoCookie({
      secret: 'another-secret-of-32-characters!!',
      secure: true,
      maxAgeSeconds: 600,
    });
    const forged = sentBack(await foreign.issue(pending));
    await expect(cookies.claim(forged, pending.state)).resolves.toBeUndefined();
    await expect(cookies.claim(undefined, pending.state)).resolves.toBeUndefined();
  });

  it('gives nothing once the sign-in has taken too long', async () => {
    const pending = newPendingSignIn();
    const stale = await new SignJWT({ ...pending })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('weace-sso-callback')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 700)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 100)
      .sign(new TextEncoder().encode(secret));
    await expect(cookies.claim(`${SSO_COOKIE}=${stale}`, pending.state)).resolves.toBeUndefined();
  });

  it('is deleted by the clearing header', () => {
    expect(parseSetCookie(cookies.cleared)).toMatchObject({
      name: SSO_COOKIE,
      value: '',
      maxAge: 0,
    });
  });
});
