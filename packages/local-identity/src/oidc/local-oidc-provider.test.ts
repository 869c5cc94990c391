import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { signInLikeABrowser } from './browser-sign-in';
import { type LocalOidcProvider, startLocalOidcProvider } from './local-oidc-provider';

const WEB = { clientId: 'weace-web', redirectUris: ['http://127.0.0.1:5173/callback'] };
const SERVER = {
  clientId: 'weace-auth',
  clientSecret: 'a-long-local-client-secret',
  redirectUris: ['http://127.0.0.1:3001/sso/callback'],
};
const COACH = {
  email: 'coach@weace.test',
  password: 'Coach1password',
  name: 'Casey Coach',
  groups: ['COACH'],
};

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  code_challenge_methods_supported: string[];
}
interface TokenResponse {
  access_token: string;
  id_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

// aws-jwt-verify's own fetcher speaks https only; the local provider is plain http.
const httpJwksCache = () =>
  new SimpleJwksCache({
    fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() },
  });

function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

let provider: LocalOidcProvider;
let discovery: Discovery;

beforeAll(async () => {
  provider = await startLocalOidcProvider({ port: 0, clients: [WEB, SERVER], accounts: [COACH] });
  const response = await fetch(`${provider.issuer}/.well-known/openid-configuration`);
  discovery = (await response.json()) as Discovery;
});
afterAll(() => provider.stop());

function authorizationUrl(client: { clientId: string; redirectUris: string[] }, challenge: string) {
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    client_id: client.clientId,
    redirect_uri: client.redirectUris[0] ?? '',
    response_type: 'code',
    scope: 'openid email profile',
    state: 'state-123',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  return url;
}

async function exchange(body: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function signedInCode(client: typeof WEB, challenge: string): Promise<string> {
  const back = await signInLikeABrowser({
    authorizationUrl: authorizationUrl(client, challenge),
    email: COACH.email,
    password: COACH.password,
  });
  return back.searchParams.get('code') ?? '';
}

describe('the local Hosted UI stand-in', () => {
  it('advertises authorization code with S256 PKCE only', () => {
    expect(discovery).toMatchObject({
      jwks_uri: provider.jwksUri,
      code_challenge_methods_supported: ['S256'],
      response_types_supported: ['code'],
    });
  });

  it('signs in through its login page like a browser and sends code and state back', async () => {
    const back = await signInLikeABrowser({
      authorizationUrl: authorizationUrl(WEB, pkcePair().challenge),
      email: COACH.email,
      password: COACH.password,
    });

    expect(`${back.origin}${back.pathname}`).toBe(WEB.redirectUris[0]);
    expect(back.searchParams.get('code')).toEqual(expect.any(String));
    expect(back.searchParams.get('state')).toBe('state-123');
    expect(back.searchParams.get('iss')).toBe(provider.issuer);
  });

  it('exchanges the code with the PKCE verifier for tokens aws-jwt-verify accepts', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await signedInCode(WEB, challenge);

    const { status, body } = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: WEB.redirectUris[0] ?? '',
      client_id: WEB.clientId,
      code_verifier: verifier,
    });
    expect(status).toBe(200);
    const tokens = body as unknown as TokenResponse;
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const verifier_ = JwtRsaVerifier.create(
      { issuer: provider.issuer, jwksUri: provider.jwksUri, audience: WEB.clientId },
      { jwksCache: httpJwksCache() },
    );
    const id = await verifier_.verify(tokens.id_token);
    expect(id).toMatchObject({
      token_use: 'id',
      email: COACH.email,
      email_verified: true,
      name: COACH.name,
      'cognito:groups': ['COACH'],
    });
    await expect(verifier_.verify(tokens.access_token)).resolves.toMatchObject({
      sub: id.sub,
      token_use: 'access',
      client_id: WEB.clientId,
      scope: 'openid email profile',
      'cognito:groups': ['COACH'],
    });
  });

  it('refuses a code exchange with the wrong verifier [invalid_grant]', async () => {
    const code = await signedInCode(WEB, pkcePair().challenge);
    const { status, body } = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: WEB.redirectUris[0] ?? '',
      client_id: WEB.clientId,
      code_verifier: pkcePair().verifier,
    });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid_grant');
  });

  it('refuses authorization requests without S256 PKCE [invalid_request]', async () => {
    for (const drop of [['code_challenge', 'code_challenge_method'], ['code_challenge_method']]) {
      const url = authorizationUrl(WEB, pkcePair().challenge);
      drop.forEach((name) => url.searchParams.delete(name));
      if (drop.length === 1) url.searchParams.set('code_challenge_method', 'plain');

      const back = await signInLikeABrowser({ authorizationUrl: url, ...COACH });
      expect(back.searchParams.get('error')).toBe('invalid_request');
      expect(back.searchParams.get('code')).toBeNull();
    }
  });

  it('shows the login form again on a wrong password and sends nothing back', async () => {
    await expect(
      signInLikeABrowser({
        authorizationUrl: authorizationUrl(WEB, pkcePair().challenge),
        email: COACH.email,
        password: 'Wrong1password',
      }),
    ).rejects.toThrow('Sign-in refused: Incorrect email or password.');
  });

  it('lets a confidential client exchange only with its secret [invalid_client]', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await signedInCode(SERVER, challenge);
    const grant = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: SERVER.redirectUris[0] ?? '',
      code_verifier: verifier,
    };
    const basic = (secret: string) => ({
      authorization: `Basic ${Buffer.from(`${SERVER.clientId}:${secret}`).toString('base64')}`,
    });

    const refused = await exchange(grant, basic('not-the-secret'));
    expect(refused).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const accepted = await exchange(grant, basic(SERVER.clientSecret));
    expect(accepted.status).toBe(200);
  });

  it('refreshes tokens with the refresh token it issued', async () => {
    const { verifier, challenge } = pkcePair();
    const code = await signedInCode(WEB, challenge);
    const first = await exchange({
      grant_type: 'authorization_code',
      code,
      redirect_uri: WEB.redirectUris[0] ?? '',
      client_id: WEB.clientId,
      code_verifier: verifier,
    });

    const refreshed = await exchange({
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
      client_id: WEB.clientId,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({ token_type: 'Bearer', id_token: expect.any(String) });
  });
});

describe('signing key', () => {
  it('is kept in dataDir, so a restarted provider publishes the same key', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'weace-local-oidc-'));
    const kids = async () => {
      const started = await startLocalOidcProvider({
        port: 0,
        clients: [WEB],
        accounts: [],
        dataDir,
      });
      try {
        const { keys } = (await (await fetch(started.jwksUri)).json()) as {
          keys: { kid: string }[];
        };
        return keys.map((key) => key.kid);
      } finally {
        await started.stop();
      }
    };
    try {
      const first = await kids();
      expect(first).toHaveLength(1);
      await expect(kids()).resolves.toEqual(first);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
