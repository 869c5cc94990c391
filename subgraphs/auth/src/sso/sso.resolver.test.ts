import { afterEach, describe, expect, it } from '@jest/globals';
import { type AuthHarness, startAuthHarness } from '../testing/auth-harness';

const SSO = '{ ssoLoginUrl ssoLogoutUrl }';
const started: AuthHarness[] = [];
afterEach(() => Promise.all(started.splice(0).map((harness) => harness.stop())));

async function harnessWith(env: Record<string, string>): Promise<AuthHarness> {
  const harness = await startAuthHarness({ env });
  started.push(harness);
  return harness;
}

describe('SSO URLs', () => {
  it('are the configured gateway routes, for anybody', async () => {
    const harness = await harnessWith({
      SSO_LOGIN_URL: 'https://api.weace.dev/auth/sso/login',
      SSO_LOGOUT_URL: 'https://api.weace.dev/auth/sso/logout',
    });
    expect(await harness.execute(SSO)).toEqual({
      data: {
        ssoLoginUrl: 'https://api.weace.dev/auth/sso/login',
        ssoLogoutUrl: 'https://api.weace.dev/auth/sso/logout',
      },
    });
  });

  it('are null when SSO is not configured', async () => {
    const harness = await harnessWith({});
    expect(await harness.execute(SSO)).toEqual({
      data: { ssoLoginUrl: null, ssoLogoutUrl: null },
    });
  });
});
