import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from '@jest/globals';
import { type Caller, Role, createInternalTokens } from '@weace/service-kit';
import { callerKeyOf, createInternalTokenCache } from './internal-token-cache';

const secret = 'a-secret-that-is-long-enough-for-hs256!';
const ada: Caller = { kind: 'user', identity: { sub: 'ada', roles: [Role.Admin] } };
const request = (caller: Caller, audience: string, clientIp = '203.0.113.7') => ({
  caller,
  clientIp,
  audience,
  callerKey: callerKeyOf(caller, clientIp),
});

describe('internal tokens for subgraph fetches', () => {
  it('are signed for each subgraph, caller and client address, and reused for the same', async () => {
    const cache = createInternalTokenCache({
      tokens: createInternalTokens({ secret, service: 'gateway' }),
    });
    const users = await cache.tokenFor(request(ada, 'users'));
    expect(await cache.tokenFor(request(ada, 'users'))).toBe(users);
    expect(await cache.tokenFor(request(ada, 'auth'))).not.toBe(users);
    expect(await cache.tokenFor(request(ada, 'users', '198.51.100.1'))).not.toBe(users);
    expect(await cache.tokenFor(request({ kind: 'anonymous' }, 'users'))).not.toBe(users);
  });

  it('are signed anew once half their life is gone, so a late fetch never carries an expiring one', async () => {
    const tokens = createInternalTokens({ secret, service: 'gateway', ttlSeconds: 2 });
    const cache = createInternalTokenCache({ tokens });
    const first = await cache.tokenFor(request(ada, 'users'));
    await sleep(1_100);
    const later = await cache.tokenFor(request(ada, 'users'));
    expect(later).not.toBe(first);
    const verified = await createInternalTokens({ secret, service: 'users' }).verify(later);
    expect(verified.caller).toMatchObject({ kind: 'user', identity: { sub: 'ada' } });
  });

  it('keep at most maxEntries, dropping the oldest', async () => {
    const tokens = createInternalTokens({ secret, service: 'gateway' });
    const audiences: string[] = [];
    const cache = createInternalTokenCache({
      tokens: {
        ...tokens,
        sign: (caller, options) => (audiences.push(options.audience), tokens.sign(caller, options)),
      },
      maxEntries: 2,
    });
    for (const audience of ['a', 'b', 'c', 'c', 'a']) await cache.tokenFor(request(ada, audience));
    expect(audiences).toEqual(['a', 'b', 'c', 'a']);
  });
});
