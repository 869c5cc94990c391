import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type AuthHarness, PASSWORD, claimsOf, startAuthHarness } from '../testing/auth-harness';

let harness: AuthHarness;
beforeAll(async () => {
  harness = await startAuthHarness();
});
afterAll(() => harness.stop());

const VERIFY = /* GraphQL */ `
  query ($token: String!) {
    verifyToken(token: $token) {
      valid
      tokenUse
      subject
      email
      roles
      clientId
      issuer
      issuedAt
      expiresAt
    }
  }
`;

const verify = async (token: string) =>
  (
    await harness.execute<{ verifyToken: Record<string, unknown> }>(VERIFY, {
      variables: { token },
    })
  ).data?.verifyToken;

async function tokensOf(email: string) {
  const result = await harness.provider.login({ email, password: PASSWORD });
  if (result.kind !== 'authenticated') throw new Error('expected tokens');
  return result.tokens;
}

const INVALID = {
  valid: false,
  tokenUse: null,
  subject: null,
  email: null,
  roles: null,
  clientId: null,
  issuer: null,
  issuedAt: null,
  expiresAt: null,
};

describe('verifyToken', () => {
  it('reads a valid access token’s claims, roles from its groups', async () => {
    const email = await harness.confirmedAccount();
    await harness.provider.adminSetGroups({ username: email, groups: ['COACH'] });
    const { accessToken } = await tokensOf(email);
    const claims = claimsOf(accessToken);

    expect(await verify(accessToken)).toEqual({
      valid: true,
      tokenUse: 'access',
      subject: claims.sub,
      email: null,
      roles: ['COACH', 'LEARNER'],
      clientId: harness.cognito.clientId,
      issuer: harness.cognito.issuer,
      issuedAt: new Date((claims.iat as number) * 1000).toISOString(),
      expiresAt: new Date((claims.exp as number) * 1000).toISOString(),
    });
  });

  it('reads a valid ID token, which carries the email', async () => {
    const email = await harness.confirmedAccount();
    const { idToken } = await tokensOf(email);
    expect(await verify(idToken)).toMatchObject({
      valid: true,
      tokenUse: 'id',
      email,
      clientId: harness.cognito.clientId,
    });
  });

  it('says no more than "not valid" about a tampered token or one that is no JWT', async () => {
    const { accessToken } = await tokensOf(await harness.confirmedAccount());
    const [header, payload] = accessToken.split('.');
    expect(await verify(`${header}.${payload}.Zm9yZ2Vk`)).toEqual(INVALID);
    expect(await verify('not-a-token')).toEqual(INVALID);
  });

  it('refuses a token of another issuer', async () => {
    const { accessToken } = await tokensOf(await harness.confirmedAccount());
    const [header, payload, signature] = accessToken.split('.');
    const elsewhere = Buffer.from(
      JSON.stringify({ ...claimsOf(accessToken), iss: 'http://127.0.0.1:1/elsewhere' }),
    ).toString('base64url');
    expect(payload).not.toBe(elsewhere);
    expect(await verify(`${header}.${elsewhere}.${signature}`)).toEqual(INVALID);
  });
});
