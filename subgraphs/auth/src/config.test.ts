import { describe, expect, it } from '@jest/globals';
import { ConfigError } from '@weace/service-kit';
import { loadAuthSettings } from './config';

const problemsOf = (attempt: () => unknown): readonly string[] => {
  try {
    attempt();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('loadAuthSettings', () => {
  it('runs on an embedded cognito-local with default throttling when nothing is set', () => {
    expect(loadAuthSettings({}, 'development')).toEqual({
      cognito: undefined,
      sso: { loginUrl: undefined, logoutUrl: undefined },
      throttle: {
        windowSeconds: 900,
        maxFailuresPerAccountAndIp: 5,
        maxFailuresPerIp: 20,
        slowDownAfterFailuresPerAccount: 20,
        slowDownMs: 1_000,
      },
    });
  });

  it('reads the user pool, taking the region from its id unless COGNITO_REGION says otherwise', () => {
    const env = { COGNITO_USER_POOL_ID: 'eu-west-1_AbC123', COGNITO_CLIENT_ID: 'client' };
    expect(loadAuthSettings(env, 'production').cognito).toEqual({
      region: 'eu-west-1',
      userPoolId: 'eu-west-1_AbC123',
      clientId: 'client',
      endpoint: undefined,
    });
    expect(
      loadAuthSettings(
        { ...env, COGNITO_REGION: 'eu-central-1', COGNITO_ENDPOINT: 'http://127.0.0.1:9229/' },
        'development',
      ).cognito,
    ).toMatchObject({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:9229' });
  });

  it('names every wrong or contradictory variable at once', () => {
    expect(
      problemsOf(() =>
        loadAuthSettings(
          {
            COGNITO_USER_POOL_ID: 'not a pool',
            SSO_LOGIN_URL: 'not-a-url',
            LOGIN_MAX_FAILURES_PER_IP: '0',
          },
          'development',
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^COGNITO_USER_POOL_ID is invalid: expected a user pool id/),
      expect.stringMatching(/^SSO_LOGIN_URL is invalid: expected an absolute URL/),
      expect.stringMatching(/^LOGIN_MAX_FAILURES_PER_IP is invalid/),
    ]);
    expect(
      problemsOf(() =>
        loadAuthSettings({ COGNITO_CLIENT_ID: 'c', COGNITO_ENDPOINT: 'http://x' }, 'development'),
      ),
    ).toEqual([
      expect.stringMatching(/^COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID go together/),
      expect.stringMatching(/^COGNITO_ENDPOINT is set without COGNITO_USER_POOL_ID/),
    ]);
  });

  it('refuses to run production on the embedded cognito-local', () => {
    expect(problemsOf(() => loadAuthSettings({}, 'production'))).toEqual([
      expect.stringMatching(/^COGNITO_USER_POOL_ID is required in production/),
    ]);
  });
});
