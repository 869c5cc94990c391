import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import cognitoLocalKey from 'cognito-local/lib/keys/cognitoLocal.private.json';
import { type JWK, SignJWT, importJWK } from 'jose';

/**
 * Every token defect the gateway must refuse, sent to /graphql as a client
 * would, each answered with the same UNAUTHENTICATED and nothing more.
 */
let stack: TestStack;
let valid: { accessToken: string; idToken: string };
beforeAll(async () => {
  stack = await startTestStack();
  valid = await stack.signIn(person());
});
afterAll(() => stack.stop());

const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/**
 * Signs with cognito-local's own key, the one the gateway trusts locally
 * (cognito-local publishes it), so only the claim under test is wrong.
 */
async function signedByTheIssuer(change: Record<string, unknown>): Promise<string> {
  const claims = { ...decode(valid.accessToken.split('.')[1]!), ...change };
  const key = await importJWK(cognitoLocalKey.jwk as JWK, 'RS256');
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'CognitoLocal' }).sign(key);
}

const now = () => Math.floor(Date.now() / 1000);

async function defects(): Promise<[string, string][]> {
  const [header, payload, signature] = valid.accessToken.split('.') as [string, string, string];
  const { kid } = decode(header);
  const jwks = (await (await fetch(stack.identity.cognito.jwksUri)).json()) as { keys: JWK[] };
  const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  return [
    ['expired', await signedByTheIssuer({ iat: now() - 7200, exp: now() - 3600 })],
    ['not valid yet', await signedByTheIssuer({ nbf: now() + 3600, exp: now() + 7200 })],
    ['from another issuer', await signedByTheIssuer({ iss: 'http://127.0.0.1:1/evil-pool' })],
    ['for another app client', await signedByTheIssuer({ client_id: 'another-client' })],
    ['an ID token', valid.idToken],
    ['alg none', `${encode({ alg: 'none', kid })}.${payload}.`],
    [
      'HS256 signed with the public key',
      await new SignJWT(decode(payload))
        .setProtectedHeader({ alg: 'HS256', kid })
        .sign(new TextEncoder().encode(JSON.stringify(jwks.keys[0]))),
    ],
    [
      'tampered (groups raised to ADMIN)',
      `${header}.${encode({ ...decode(payload), 'cognito:groups': ['ADMIN'] })}.${signature}`,
    ],
    [
      'signed with a key of an unknown kid',
      await new SignJWT(decode(payload))
        .setProtectedHeader({ alg: 'RS256', kid: 'rotated-in-by-an-attacker' })
        .sign(stranger),
    ],
  ];
}

describe('bearer tokens at the gateway', () => {
  it('accepts the access token of a real login', async () => {
    const { errors } = await stack.graphql(`{ me { id } }`, { token: valid.accessToken });
    expect(errors).toBeUndefined();
  });

  it('refuses every defective token alike, saying nothing of the defect [UNAUTHENTICATED]', async () => {
    const refusals = [];
    for (const [defect, token] of await defects()) {
      const response = await stack.graphql(`{ me { id } }`, { token });
      refusals.push({ defect, status: response.status, errors: response.errors });
    }
    for (const refusal of refusals) {
      expect(refusal).toEqual({
        defect: refusal.defect,
        status: 401,
        errors: [{ message: 'Invalid or expired token', extensions: { code: 'UNAUTHENTICATED' } }],
      });
    }
  });
});
