import { describe, expect, it } from '@jest/globals';
import { loadGatewayConfig } from './config';

const base = {
  INTERNAL_TOKEN_SECRET: 'an-internal-secret-of-32-characters!',
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
  COGNITO_CLIENT_ID: 'app-client',
};
const hostedUi = {
  SSO_HOSTED_UI_URL: 'https://weace.auth.eu-west-1.amazoncognito.com',
  SSO_REDIRECT_URI: 'https://api.weace.dev/auth/sso/callback',
  SSO_LOGOUT_REDIRECT_URL: 'https://app.weace.dev/',
};

describe('gateway SSO configuration', () => {
  it('is off without SSO_HOSTED_UI_URL', () => {
    expect(loadGatewayConfig(base).sso).toBeUndefined();
  });

  it("uses the Hosted UI's authorize and logout endpoints and the pool's app client", () => {
    const { sso } = loadGatewayConfig({ ...base, ...hostedUi });
    expect(sso).toMatchObject({
      provider: {
        authorizationEndpoint: 'https://weace.auth.eu-west-1.amazoncognito.com/oauth2/authorize',
        logoutEndpoint: 'https://weace.auth.eu-west-1.amazoncognito.com/logout',
        logoutRedirectParameter: 'logout_uri',
      },
      clientId: 'app-client',
      redirectUri: 'https://api.weace.dev/auth/sso/callback',
      logoutRedirectUrl: 'https://app.weace.dev/',
    });
    expect(sso?.cookieSecret.length).toBeGreaterThanOrEqual(32);
  });

  it("accepts the tokens of the Hosted UI's app client besides the password login's", () => {
    const { tokens } = loadGatewayConfig({
      ...base,
      ...hostedUi,
      SSO_CLIENT_ID: 'hosted-ui-client',
    });
    expect(tokens.cognito).toEqual({
      userPoolId: 'eu-west-1_AbC123',
      clientId: ['app-client', 'hosted-ui-client'],
    });
  });

  it('names every missing piece at once', () => {
    expect(() =>
      loadGatewayConfig({
        ...base,
        NODE_ENV: 'production',
        COGNITO_CLIENT_ID: undefined,
        COGNITO_USER_POOL_ID: undefined,
        LOCAL_JWT_ISSUERS: '[]',
        SSO_HOSTED_UI_URL: hostedUi.SSO_HOSTED_UI_URL,
      }),
    ).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          'SSO_CLIENT_ID is required with SSO_HOSTED_UI_URL: the Hosted UI app client (or set COGNITO_CLIENT_ID)',
          "SSO_REDIRECT_URI is required with SSO_HOSTED_UI_URL: this gateway's /auth/sso/callback URL",
          "SSO_LOGOUT_REDIRECT_URL is required with SSO_HOSTED_UI_URL: one of the app client's sign-out URLs (Cognito's /logout needs it)",
          'SSO_COOKIE_SECRET is required with SSO_HOSTED_UI_URL: a secret of at least 32 characters shared by every gateway replica',
        ]),
      }),
    );
  });

  it('refuses a short cookie secret and a callback that is no URL', () => {
    expect(() =>
      loadGatewayConfig({
        ...base,
        ...hostedUi,
        SSO_REDIRECT_URI: 'callback',
        SSO_COOKIE_SECRET: 'short',
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'SSO_REDIRECT_URI is invalid: expected an absolute URL',
          'SSO_COOKIE_SECRET is invalid: expected a secret of at least 32 characters',
        ],
      }),
    );
  });
});

describe('gateway resilience configuration', () => {
  it('defaults to a 10 s subgraph timeout, a 30 s deadline and the admin port on this host', () => {
    const config = loadGatewayConfig(base);
    expect(config.subgraphCalls).toMatchObject({ timeoutMs: 10_000, timeoutsMs: {} });
    expect(config.overload).toMatchObject({ deadlineMs: 30_000, maxInFlight: 128 });
    expect(config.admin).toEqual({ host: '127.0.0.1', port: 9100 });
    expect(config.otlpEndpoint).toBeUndefined();
  });

  it('reads instance lists, per-subgraph timeouts and a rotation of secrets', () => {
    const next = 'the-next-internal-secret-of-32-characters';
    const config = loadGatewayConfig({
      ...base,
      INTERNAL_TOKEN_SECRET: `${next}, ${base.INTERNAL_TOKEN_SECRET}`,
      SUBGRAPH_URL_USERS: 'http://users-1:3002/graphql, http://users-2:3002/graphql',
      SUBGRAPH_TIMEOUT_MS_AUTH: '2500',
    });
    expect(config.internalTokenSecret).toEqual([next, base.INTERNAL_TOKEN_SECRET]);
    expect(config.subgraphUrls).toEqual({
      users: ['http://users-1:3002/graphql', 'http://users-2:3002/graphql'],
    });
    expect(config.subgraphCalls?.timeoutsMs).toEqual({ auth: 2500 });
  });

  it('names each bad value', () => {
    expect(() =>
      loadGatewayConfig({
        ...base,
        INTERNAL_TOKEN_SECRET: `${base.INTERNAL_TOKEN_SECRET},short`,
        MAX_IN_FLIGHT_REQUESTS: '0',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector',
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'INTERNAL_TOKEN_SECRET is invalid: expected secrets of at least 32 characters, comma-separated (current first)',
          'MAX_IN_FLIGHT_REQUESTS is invalid: expected a positive integer',
          'OTEL_EXPORTER_OTLP_ENDPOINT is invalid: expected an absolute URL',
        ],
      }),
    );
    expect(() =>
      loadGatewayConfig({
        ...base,
        SUBGRAPH_URL_USERS: 'http://users:3002/graphql,users-2',
        SUBGRAPH_TIMEOUT_MS_AUTH: 'soon',
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'SUBGRAPH_URL_USERS is invalid: expected an absolute URL, or several separated by commas',
          'SUBGRAPH_TIMEOUT_MS_AUTH is invalid: expected a positive integer',
        ],
      }),
    );
  });
});
