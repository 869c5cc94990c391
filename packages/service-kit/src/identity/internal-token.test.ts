import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { Role } from './identity';
import { createInternalTokens } from './internal-token';

const secret = 'a-secret-that-is-long-enough-for-hs256!';
const gateway = createInternalTokens({ secret, service: 'gateway' });
const users = createInternalTokens({ secret, service: 'users' });
const forUsers = { audience: 'users' };

describe('internal tokens', () => {
  it('carry a verified person from the gateway to a subgraph', async () => {
    const identity = { sub: 'user-1', email: 'u@weace.dev', roles: [Role.Coach, Role.Learner] };
    const verified = await users.verify(await gateway.sign({ kind: 'user', identity }, forUsers));
    expect(verified).toEqual({ caller: { kind: 'user', identity } });
  });

  it('are refused by every subgraph but the one they name', async () => {
    const token = await gateway.sign({ kind: 'anonymous' }, forUsers);
    const auth = createInternalTokens({ secret, service: 'auth' });
    await expect(auth.verify(token)).rejects.toThrow(/aud/);
    await expect(users.verify(token)).resolves.toEqual({ caller: { kind: 'anonymous' } });
  });

  it('carry the client IP the gateway saw, under the same signature', async () => {
    const token = await gateway.sign(
      { kind: 'anonymous' },
      { audience: 'users', clientIp: '203.0.113.7' },
    );
    expect(await users.verify(token)).toEqual({
      caller: { kind: 'anonymous' },
      clientIp: '203.0.113.7',
    });
    const [header, payload, signature] = token.split('.');
    const moved = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        ip: '198.51.100.1',
      }),
    ).toString('base64url');
    await expect(users.verify(`${header}.${moved}.${signature}`)).rejects.toThrow();
  });

  it('carry anonymous callers, and services with the operations they declared', async () => {
    expect(await users.verify(await gateway.sign({ kind: 'anonymous' }, forUsers))).toEqual({
      caller: { kind: 'anonymous' },
    });
    const service = { kind: 'service', service: 'auth', operations: ['ssoSignIn'] } as const;
    expect(await users.verify(await gateway.sign(service, forUsers))).toEqual({ caller: service });
  });

  it('reject a service token that declares no operations', async () => {
    const bare = await new SignJWT({ kind: 'service', service: 'events' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('users')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secret));
    await expect(users.verify(bare)).rejects.toThrow(/ops/);
  });

  it('reject a token signed with another secret (a forged identity)', async () => {
    const forger = createInternalTokens({
      secret: 'another-secret-that-is-also-long-enough',
      service: 'gateway',
    });
    const forged = await forger.sign(
      { kind: 'user', identity: { sub: 'x', roles: [Role.Admin] } },
      forUsers,
    );
    await expect(users.verify(forged)).rejects.toThrow();
  });

  it('rotate: the first secret signs, every listed one verifies', async () => {
    const next = 'the-next-secret-which-is-also-long-enough';
    const rotated = createInternalTokens({ secret: [next, secret], service: 'users' });
    // A gateway still on the old secret, and one already on the new list.
    const before = await gateway.sign({ kind: 'anonymous' }, forUsers);
    const after = await createInternalTokens({ secret: `${next},${secret}`, service: 'g' }).sign(
      { kind: 'anonymous' },
      forUsers,
    );
    await expect(rotated.verify(before)).resolves.toEqual({ caller: { kind: 'anonymous' } });
    await expect(rotated.verify(after)).resolves.toEqual({ caller: { kind: 'anonymous' } });
    // A service not yet given the new secret refuses what it signs.
    await expect(users.verify(after)).rejects.toThrow();
    // Once the old secret is dropped, its tokens are refused.
    const retired = createInternalTokens({ secret: next, service: 'users' });
    await expect(retired.verify(before)).rejects.toThrow();
  });

  it('reject an expired token', async () => {
    const expired = await new SignJWT({ kind: 'anonymous' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('users')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    await expect(users.verify(expired)).rejects.toThrow(/exp/);
  });

  it('reject an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ kind: 'user', sub: 'x', roles: ['ADMIN'], aud: 'users' }),
    ).toString('base64url');
    await expect(users.verify(`${header}.${payload}.`)).rejects.toThrow();
  });
});
