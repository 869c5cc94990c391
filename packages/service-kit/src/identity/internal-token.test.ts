import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { Role } from './identity';
import { createInternalTokens } from './internal-token';

const secret = 'a-secret-that-is-long-enough-for-hs256!';
const tokens = createInternalTokens({ secret, issuer: 'gateway' });

describe('internal tokens', () => {
  it('carry a verified person from the gateway to a subgraph', async () => {
    const identity = { sub: 'user-1', email: 'u@weace.dev', roles: [Role.Coach, Role.Learner] };
    const verified = await tokens.verify(await tokens.sign({ kind: 'user', identity }));
    expect(verified).toEqual({ caller: { kind: 'user', identity } });
  });

  it('carry the client IP the gateway saw, under the same signature', async () => {
    const token = await tokens.sign({ kind: 'anonymous' }, { clientIp: '203.0.113.7' });
    expect(await tokens.verify(token)).toEqual({
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
    await expect(tokens.verify(`${header}.${moved}.${signature}`)).rejects.toThrow();
  });

  it('carry anonymous and service callers', async () => {
    expect(await tokens.verify(await tokens.sign({ kind: 'anonymous' }))).toEqual({
      caller: { kind: 'anonymous' },
    });
    const service = { kind: 'service', service: 'users' } as const;
    expect(await tokens.verify(await tokens.sign(service))).toEqual({ caller: service });
  });

  it('reject a token signed with another secret (a forged identity)', async () => {
    const forger = createInternalTokens({
      secret: 'another-secret-that-is-also-long-enough',
      issuer: 'gateway',
    });
    const forged = await forger.sign({ kind: 'user', identity: { sub: 'x', roles: [Role.Admin] } });
    await expect(tokens.verify(forged)).rejects.toThrow();
  });

  it('reject an expired token', async () => {
    const expired = await new SignJWT({ kind: 'anonymous' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience('weace-subgraphs')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(secret));
    await expect(tokens.verify(expired)).rejects.toThrow(/exp/);
  });

  it('reject an unsigned token (alg none)', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({ kind: 'user', sub: 'x', roles: ['ADMIN'], aud: 'weace-subgraphs' }),
    ).toString('base64url');
    await expect(tokens.verify(`${header}.${payload}.`)).rejects.toThrow();
  });
});
