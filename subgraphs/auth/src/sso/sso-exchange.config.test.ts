import { describe, expect, it } from '@jest/globals';
import { loadSsoExchangeOptions } from './sso-exchange.config';

describe('SSO exchange configuration', () => {
  it('is off when no provider is named', () => {
    expect(loadSsoExchangeOptions({ COGNITO_CLIENT_ID: 'app' })).toBeUndefined();
  });

  it("redeems at the Hosted UI's token endpoint and trusts the pool's ID tokens", () => {
    expect(
      loadSsoExchangeOptions({
        SSO_HOSTED_UI_URL: 'https://weace.auth.eu-west-1.amazoncognito.com/',
        COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
        COGNITO_CLIENT_ID: 'app',
        SSO_CLIENT_SECRET: 'shh',
      }),
    ).toEqual({
      tokenEndpoint: 'https://weace.auth.eu-west-1.amazoncognito.com/oauth2/token',
      revocationEndpoint: 'https://weace.auth.eu-west-1.amazoncognito.com/oauth2/revoke',
      idTokenIssuer: { userPoolId: 'eu-west-1_AbC123' },
      clientId: 'app',
      clientSecret: 'shh',
    });
  });

  it('takes another OpenID provider by token endpoint, issuer and keys', () => {
    expect(
      loadSsoExchangeOptions({
        SSO_TOKEN_URL: 'http://127.0.0.1:3011/token',
        SSO_ISSUER: 'http://127.0.0.1:3011',
        SSO_JWKS_URI: 'http://127.0.0.1:3011/jwks',
        SSO_CLIENT_ID: 'weace-sso',
        SSO_REVOKE_URL: 'http://127.0.0.1:3011/token/revocation',
      }),
    ).toEqual({
      tokenEndpoint: 'http://127.0.0.1:3011/token',
      revocationEndpoint: 'http://127.0.0.1:3011/token/revocation',
      idTokenIssuer: { issuer: 'http://127.0.0.1:3011', jwksUri: 'http://127.0.0.1:3011/jwks' },
      clientId: 'weace-sso',
      clientSecret: undefined,
    });
  });

  it('names every missing variable at once', () => {
    expect(() => loadSsoExchangeOptions({ SSO_ISSUER: 'http://127.0.0.1:3011' })).toThrow(
      expect.objectContaining({
        problems: [
          'SSO_CLIENT_ID is required for SSO: the app client (or set COGNITO_CLIENT_ID)',
          'SSO_TOKEN_URL is required: SSO_TOKEN_URL, SSO_ISSUER and SSO_JWKS_URI go together',
          'SSO_JWKS_URI is required: SSO_TOKEN_URL, SSO_ISSUER and SSO_JWKS_URI go together',
        ],
      }),
    );
    expect(() =>
      loadSsoExchangeOptions({
        SSO_HOSTED_UI_URL: 'https://weace.auth.eu-west-1.amazoncognito.com',
        COGNITO_CLIENT_ID: 'app',
      }),
    ).toThrow('COGNITO_USER_POOL_ID is required with SSO_HOSTED_UI_URL');
  });
});
