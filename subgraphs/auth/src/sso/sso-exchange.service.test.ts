import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  type LocalOidcProvider,
  signInLikeABrowser,
  startLocalOidcProvider,
} from '@weace/local-identity';
import { SsoCodeExchange } from './sso-exchange.service';

// The exchange against a real OpenID provider over HTTP: the local Hosted UI stand-in.
const CLIENT = {
  clientId: 'weace-sso',
  clientSecret: 'a-long-local-client-secret',
  redirectUris: ['http://127.0.0.1:3000/auth/sso/callback'],
};
const redirectUri = CLIENT.redirectUris[0]!;
const GRACE = {
  email: 'grace@weace.test',
  password: 'Grace1hopper',
  name: 'Grace Hopper',
  groups: ['COACH'],
  sub: 'grace-subject',
};

let provider: LocalOidcProvider;
let exchange: SsoCodeExchange;
beforeAll(async () => {
  provider = await startLocalOidcProvider({ port: 0, clients: [CLIENT], accounts: [GRACE] });
  exchange = new SsoCodeExchange({
    tokenEndpoint: `${provider.issuer}/token`,
    clientId: CLIENT.clientId,
    clientSecret: CLIENT.clientSecret,
    idTokenIssuer: { issuer: provider.issuer, jwksUri: provider.jwksUri },
  });
});
afterAll(() => provider.stop());

/** Signs Grace in like a browser; resolves to the code and the secrets the gateway kept. */
async function signIn() {
  const [codeVerifier, nonce] = [randomBytes(32), randomBytes(16)].map((b) =>
    b.toString('base64url'),
  );
  const url = new URL(`${provider.issuer}/auth`);
  url.search = new URLSearchParams({
    client_id: CLIENT.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid email profile',
    state: 'state',
    nonce: nonce!,
    code_challenge: createHash('sha256').update(codeVerifier!).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  const back = await signInLikeABrowser({ authorizationUrl: url, ...GRACE });
  return { code: back.searchParams.get('code') ?? '', codeVerifier: codeVerifier!, nonce: nonce! };
}

const refused = { extensions: { code: 'UNAUTHENTICATED' } };

describe('SSO code exchange', () => {
  it('redeems a code with its verifier for tokens and the verified identity', async () => {
    const session = await exchange.exchange({ ...(await signIn()), redirectUri });
    expect(session).toEqual({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: 3600,
      tokenType: 'Bearer',
      identity: {
        subject: 'grace-subject',
        email: 'grace@weace.test',
        emailVerified: true,
        name: 'Grace Hopper',
        groups: ['COACH'],
      },
    });
  });

  it('refuses a code redeemed twice [UNAUTHENTICATED]', async () => {
    const signedIn = await signIn();
    await exchange.exchange({ ...signedIn, redirectUri });
    await expect(exchange.exchange({ ...signedIn, redirectUri })).rejects.toMatchObject(refused);
  });

  it('refuses a code with another verifier, and an ID token with another nonce [UNAUTHENTICATED]', async () => {
    const stolen = await signIn();
    const otherVerifier = randomBytes(32).toString('base64url');
    await expect(
      exchange.exchange({ ...stolen, codeVerifier: otherVerifier, redirectUri }),
    ).rejects.toMatchObject(refused);
    const replayed = await signIn();
    await expect(
      exchange.exchange({ ...replayed, nonce: 'another-nonce', redirectUri }),
    ).rejects.toMatchObject(refused);
  });

  it('refreshes with the refresh token, and refuses an unknown one [UNAUTHENTICATED]', async () => {
    const { refreshToken } = await exchange.exchange({ ...(await signIn()), redirectUri });
    const refreshed = await exchange.refresh({ refreshToken: refreshToken! });
    expect(refreshed).toMatchObject({
      tokenType: 'Bearer',
      identity: { subject: 'grace-subject' },
    });
    await expect(exchange.refresh({ refreshToken: 'not-a-refresh-token' })).rejects.toMatchObject(
      refused,
    );
  });

  it('treats a wrong client secret as its own fault, not the person’s, and quotes no secret', async () => {
    const misconfigured = new SsoCodeExchange({
      tokenEndpoint: `${provider.issuer}/token`,
      clientId: CLIENT.clientId,
      clientSecret: 'not-the-secret',
      idTokenIssuer: { issuer: provider.issuer, jwksUri: provider.jwksUri },
    });
    const signedIn = await signIn();
    const error = await misconfigured.exchange({ ...signedIn, redirectUri }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toHaveProperty('extensions');
    expect((error as Error).message).toContain('invalid_client');
    for (const secret of ['not-the-secret', signedIn.code, signedIn.codeVerifier]) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
