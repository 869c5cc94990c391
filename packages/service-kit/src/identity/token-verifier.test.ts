import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type JWK, type KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { Role } from './identity';
import {
  type AccessTokenVerifier,
  type TokenVerifier,
  createAccessTokenVerifier,
  createTokenVerifier,
} from './token-verifier';

// A real JWKS endpoint over HTTP, so aws-jwt-verify fetches keys as in production.
let privateKey: KeyLike;
let publicJwk: JWK;
let issuer: string;
let verify: AccessTokenVerifier;
let verifyAnyUse: TokenVerifier;
/** Requests the JWKS endpoint has answered, to see how often verifiers fetch keys. */
let jwksHits = 0;
const server = createServer((_req, res) => {
  jwksHits += 1;
  res
    .writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ keys: [publicJwk] }));
});

beforeAll(async () => {
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  verify = createAccessTokenVerifier({
    localIssuers: [{ issuer, jwksUri: `${issuer}/jwks.json`, clientId: 'app' }],
  });
  verifyAnyUse = createTokenVerifier({
    localIssuers: [{ issuer, jwksUri: `${issuer}/jwks.json`, clientId: 'app', tokenUse: null }],
  });
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

function token(
  claims: Record<string, unknown> = {},
  { kid = 'k1', iss = issuer, exp = '5m', nbf = '0s' } = {},
) {
  return new SignJWT({
    token_use: 'access',
    client_id: 'app',
    'cognito:groups': ['COACH'],
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer(iss)
    .setSubject('sub-1')
    .setIssuedAt()
    .setNotBefore(nbf)
    .setExpirationTime(exp)
    .sign(privateKey);
}

const refused = { message: 'Invalid or expired token', extensions: { code: 'UNAUTHENTICATED' } };

describe('access token verification', () => {
  it('accepts a valid access token and reads roles from cognito:groups', async () => {
    await expect(verify(await token())).resolves.toEqual({
      sub: 'sub-1',
      email: undefined,
      roles: [Role.Coach, Role.Learner],
    });
  });

  it.each([
    ['an expired token', () => token({}, { exp: '-1m' })],
    ['a token not valid yet', () => token({}, { nbf: '5m', exp: '10m' })],
    ['a token from another issuer', () => token({}, { iss: 'http://127.0.0.1:1/evil' })],
    ['a token for another client', () => token({ client_id: 'other-app' })],
    ['an id token where an access token is needed', () => token({ token_use: 'id' })],
    ['a token signed with an unknown key id', () => token({}, { kid: 'unknown' })],
  ])('refuses %s [UNAUTHENTICATED]', async (_case, make) => {
    await expect(verify(await make())).rejects.toMatchObject(refused);
  });

  it('refuses a tampered signature and alg none [UNAUTHENTICATED]', async () => {
    const [header, payload, signature] = (await token()).split('.');
    const elevated = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        'cognito:groups': ['ADMIN'],
      }),
    ).toString('base64url');
    await expect(verify(`${header}.${elevated}.${signature}`)).rejects.toMatchObject(refused);
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url');
    await expect(verify(`${none}.${payload}.`)).rejects.toMatchObject(refused);
  });

  it('refuses HS256 signed with the public key [UNAUTHENTICATED]', async () => {
    const forged = await new SignJWT({ token_use: 'access', client_id: 'app' })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setIssuer(issuer)
      .setSubject('sub-1')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
    await expect(verify(forged)).rejects.toMatchObject(refused);
  });
});

describe('token verification of any token use', () => {
  it('returns the verified claims of access and ID tokens', async () => {
    await expect(verifyAnyUse(await token())).resolves.toMatchObject({
      sub: 'sub-1',
      token_use: 'access',
      client_id: 'app',
      iss: issuer,
    });
    await expect(
      verifyAnyUse(await token({ token_use: 'id', client_id: undefined, aud: 'app' })),
    ).resolves.toMatchObject({ token_use: 'id', aud: 'app', 'cognito:groups': ['COACH'] });
  });

  it('still refuses tokens of another client, expired or forged', async () => {
    await expect(verifyAnyUse(await token({ client_id: 'other-app' }))).rejects.toThrow(/client/);
    await expect(verifyAnyUse(await token({}, { exp: '-1m' }))).rejects.toThrow(/expired/);
    const [header, payload] = (await token()).split('.');
    await expect(verifyAnyUse(`${header}.${payload}.AAAA`)).rejects.toThrow();
  });
});

describe('keys of an unknown kid', () => {
  it('are fetched at most once per penalty window, however many such tokens arrive', async () => {
    // A verifier of its own, so its key cache starts empty and every fetch is counted.
    const fresh = createAccessTokenVerifier({
      localIssuers: [{ issuer, jwksUri: `${issuer}/jwks.json`, clientId: 'app' }],
    });
    const before = jwksHits;
    await fresh(await token());
    expect(jwksHits - before).toBe(1);

    const unknownKid = await token({}, { kid: 'rotated-away' });
    await Promise.all(
      Array.from({ length: 25 }, () => expect(fresh(unknownKid)).rejects.toMatchObject(refused)),
    );
    for (let i = 0; i < 25; i++) await expect(fresh(unknownKid)).rejects.toMatchObject(refused);
    expect(jwksHits - before).toBe(2);
    // Tokens with known keys keep verifying from the cache meanwhile.
    await expect(fresh(await token())).resolves.toMatchObject({ sub: 'sub-1' });
    expect(jwksHits - before).toBe(2);
  });
});
