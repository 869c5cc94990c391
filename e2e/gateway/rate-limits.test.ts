import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import { REDIS_URL, deleteKeys, keysUnder, uniquePrefix } from './redis';

/**
 * Rate limits through the gateway, counted in the real Redis (as replicas
 * share them). Each test comes from its own client addresses, named in
 * X-Forwarded-For through the trusted loopback proxy.
 */
const prefix = uniquePrefix();
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    gateway: {
      trustProxy: ['loopback'],
      redisUrl: REDIS_URL,
      redisKeyPrefix: prefix,
      rateLimits: {
        ip: { points: 40, windowSeconds: 60 },
        requests: { points: 10, windowSeconds: 60 },
        cost: { points: 300, windowSeconds: 60 },
      },
    },
  });
});
afterAll(async () => {
  await stack.stop();
  await deleteKeys(prefix);
});

const codesOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((error) => error.extensions?.code) ?? [];

const FORGOT = (count: number) =>
  `mutation ($email: String!) { ${Array.from(
    { length: count },
    (_, i) => `f${i}: forgotPassword(email: $email)`,
  ).join(' ')} }`;

function expectRateLimitHeaders(headers: Headers) {
  expect(headers.get('retry-after')).toMatch(/^\d+$/);
  expect(headers.get('ratelimit-policy')).toMatch(/^"[\w-]+";q=\d+;w=\d+$/);
  expect(headers.get('ratelimit')).toMatch(/^"[\w-]+";r=0;t=\d+$/);
}

describe('rate limits', () => {
  it('counts every aliased forgotPassword: the attack sends no code [RATE_LIMITED]', async () => {
    const victim = person();
    await stack.signIn(victim);
    const attack = await stack.graphql(FORGOT(10), {
      variables: { email: victim.email },
      ip: '198.51.100.1',
    });
    expect(attack.status).toBe(429);
    expect(codesOf(attack)).toEqual(['RATE_LIMITED']);
    expectRateLimitHeaders(attack.headers);
    expect(attack.headers.get('ratelimit-policy')).toBe('"mutation-forgotPassword";q=5;w=900');
    expect(stack.lastCode(victim.email, 'ForgotPassword')).toBeUndefined();
    // Thirty aliases are refused before any limit is even charged.
    const thirty = await stack.graphql(FORGOT(30), {
      variables: { email: victim.email },
      ip: '198.51.100.2',
    });
    expect(thirty.status).toBe(400);
    expect(codesOf(thirty)).toEqual(['ALIAS_LIMIT_EXCEEDED', 'ROOT_FIELD_LIMIT_EXCEEDED']);
  });

  it('counts forgotPassword per target email too, whatever address it comes from', async () => {
    const victim = person();
    await stack.signIn(victim);
    const answers = [];
    for (let i = 0; i < 4; i += 1) {
      answers.push(
        await stack.graphql(FORGOT(2), {
          variables: { email: victim.email },
          ip: `203.0.113.${10 + i}`,
        }),
      );
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429, 429]);
  });

  it('gives each caller a request budget per window, with the headers of a 429', async () => {
    const answers = [];
    for (let i = 0; i < 11; i += 1) {
      answers.push(await stack.graphql(`{ ssoLoginUrl }`, { ip: '198.51.100.3' }));
    }
    expect(answers.slice(0, 10).every((a) => a.status === 200)).toBe(true);
    const refused = answers[10]!;
    expect(refused.status).toBe(429);
    expect(codesOf(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.headers.get('ratelimit-policy')).toBe('"requests";q=10;w=60');
    expectRateLimitHeaders(refused.headers);
    // Another address is another anonymous caller.
    expect((await stack.graphql(`{ ssoLoginUrl }`, { ip: '198.51.100.4' })).status).toBe(200);
  });

  it('charges the estimated cost to a per-caller cost budget', async () => {
    const query = `{ users(first: 100) { edges { node { id } } } }`;
    const someone = person();
    const first = await stack.graphql(query, { as: someone, ip: '198.51.100.5' });
    expect(codesOf(first)).not.toContain('RATE_LIMITED');
    const second = await stack.graphql(query, { as: someone, ip: '198.51.100.5' });
    expect(second.status).toBe(429);
    expect(second.headers.get('ratelimit-policy')).toBe('"cost";q=300;w=60');
  });

  it('limits requests per client IP before reading them, IPv6 by its /64', async () => {
    const answers = [];
    for (let i = 0; i < 41; i += 1) {
      // Rotating through one /64 does not escape the limit; a broken body is not even read.
      answers.push(
        await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-forwarded-for': `2001:db8:1:2::${i.toString(16)}`,
          },
          body: '{ not json',
        }),
      );
    }
    expect(answers.slice(0, 40).map((a) => a.status)).toEqual(Array(40).fill(400));
    const refused = answers[40]!;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('ratelimit-policy')).toBe('"ip";q=40;w=60');
    expect(((await refused.json()) as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RATE_LIMITED' }) }),
    ]);
  });

  it('lets a victim log in on their own address while an attacker is throttled', async () => {
    const victim = person();
    await stack.signIn(victim);
    const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
    const attempts = [];
    for (let i = 0; i < 6; i += 1) {
      attempts.push(
        await stack.graphql(LOGIN, {
          variables: { email: victim.email, password: `Wrong-${i}-password` },
          ip: '198.51.100.66',
        }),
      );
    }
    expect(codesOf(attempts.at(-1)!)).toEqual(['RATE_LIMITED']);
    const own = await stack.graphql<{ login: { accessToken: string } }>(LOGIN, {
      variables: { email: victim.email, password: victim.password },
      ip: '192.0.2.10',
    });
    expect(own.errors).toBeUndefined();
    expect(own.data?.login.accessToken).toEqual(expect.any(String));
  });

  it('keeps its counters in Redis, where every replica sees them', async () => {
    const keys = await keysUnder(prefix);
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/:ip:/),
        expect.stringMatching(/:requests:/),
        expect.stringMatching(/:mutation-forgotPassword:/),
      ]),
    );
  });
});
