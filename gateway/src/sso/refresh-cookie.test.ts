import { describe, expect, it } from '@jest/globals';
import { parseSetCookie } from 'cookie';
import { REFRESH_COOKIE, createRefreshCookie } from './refresh-cookie';

const cookie = createRefreshCookie();

describe('the SSO refresh cookie', () => {
  it('is httpOnly, Secure, SameSite=Strict and scoped to the SSO routes', () => {
    expect(parseSetCookie(cookie.issue('a-refresh-token'))).toMatchObject({
      name: REFRESH_COOKIE,
      value: 'a-refresh-token',
      httpOnly: true,
      secure: true,
      sameSite: 'strict',
      path: '/auth/sso',
      maxAge: 30 * 24 * 3600,
    });
  });

  it('is read back from the Cookie header, and absent otherwise', () => {
    expect(cookie.read(`other=1; ${REFRESH_COOKIE}=abc`)).toBe('abc');
    expect(cookie.read('other=1')).toBeUndefined();
    expect(cookie.read(undefined)).toBeUndefined();
  });

  it('is deleted by the clearing header', () => {
    expect(parseSetCookie(cookie.cleared)).toMatchObject({ name: REFRESH_COOKIE, maxAge: 0 });
  });
});
