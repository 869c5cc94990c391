import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { INTERNAL_TOKEN_HEADER } from '@weace/service-kit';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import { type SubgraphHarness, eventually, startSubgraphHarness } from '@weace/test-kit/subgraph';
import { probeSubgraph } from './probe.subgraph';
import { type UpstreamProxy, startUpstreamProxy } from './upstream-proxy';

/**
 * The gateway calling a subgraph with two instances (proxies `a` and `b` in
 * front of one real probe subgraph), which the tests slow down, stop and
 * restart. Bounds on time are generous: the machine is small and shared.
 */
const secret = randomBytes(32).toString('base64url');
let probe: SubgraphHarness;
let a: UpstreamProxy;
let b: UpstreamProxy;
let stack: TestStack;

beforeAll(async () => {
  probe = await startSubgraphHarness(probeSubgraph, { internalTokenSecret: secret });
  a = await startUpstreamProxy(probe.url);
  b = await startUpstreamProxy(probe.url);
  stack = await startTestStack({
    internalTokenSecret: secret,
    externalSubgraphs: [{ name: 'probe', url: a.url }],
    gateway: {
      subgraphUrls: { probe: [a.url, b.url] },
      subgraphCalls: { timeoutsMs: { probe: 1500 }, probeIntervalMs: 500 },
    },
  });
}, 60_000);
afterAll(async () => {
  await stack.stop();
  await Promise.all([a.stop(), b.stop()]);
  await probe.stop();
});

const ECHO = 'query ($value: String!) { probeEcho(value: $value) }';
const echo = (value: string, options: { as?: ReturnType<typeof person> } = {}) =>
  stack.graphql<{ probeEcho: string }>(ECHO, { variables: { value }, ...options });
const sent = (proxy: UpstreamProxy, value: string) =>
  proxy.received.filter((r) => r.body.includes(value)).length;
const sentToAny = (value: string) => sent(a, value) + sent(b, value);

describe('a subgraph with two instances', () => {
  it('spreads queries over both', async () => {
    for (let i = 0; i < 10; i++)
      expect((await echo(`spread-${i}`)).data).toEqual({ probeEcho: `spread-${i}` });
    const values = Array.from({ length: 10 }, (_, i) => `spread-${i}`);
    expect(values.filter((v) => sent(a, v)).length).toBeGreaterThan(0);
    expect(values.filter((v) => sent(b, v)).length).toBeGreaterThan(0);
  });

  it('loses no query when one instance stops under load, and gets traffic again once it is back', async () => {
    let stopped = false;
    const load = async (worker: number) => {
      const failures: unknown[] = [];
      for (let i = 0; i < 25; i++) {
        const value = `load-${worker}-${i}`;
        const { data, errors } = await echo(value);
        if (errors || data?.probeEcho !== value) failures.push(errors);
        if (worker === 0 && i === 5 && !stopped) {
          stopped = true;
          await a.stop();
        }
      }
      return failures;
    };
    const failures = (await Promise.all([0, 1, 2, 3].map(load))).flat();
    expect(failures).toEqual([]);

    await a.start();
    const before = a.received.length;
    await eventually(async () => {
      await echo(`back-${Date.now()}`);
      return a.received.length > before;
    });
  });

  it('gives partial data and one error naming the service, within the timeout, when every instance is down', async () => {
    await Promise.all([a.stop(), b.stop()]);
    try {
      const started = Date.now();
      const { data, errors } = await stack.graphql<{
        probeEcho: string | null;
        ssoLoginUrl: string;
      }>('{ probeEcho(value: "down") ssoLoginUrl }');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(data?.ssoLoginUrl).toEqual(expect.any(String));
      expect(data?.probeEcho).toBeNull();
      expect(errors).toEqual([
        {
          message: 'The probe service is unavailable',
          path: ['probeEcho'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', reason: 'UNREACHABLE', serviceName: 'probe' },
        },
      ]);
      expect(JSON.stringify(errors)).not.toMatch(/127\.0\.0\.1|stack|ECONNREFUSED/);

      const ready = await fetch(new URL('/ready', stack.gatewayUrl));
      expect(ready.status).toBe(200);
      await eventually(async () => {
        const body = (await (await fetch(new URL('/ready', stack.gatewayUrl))).json()) as {
          subgraphs: Record<string, string>;
        };
        return body.subgraphs.probe === 'down' && body.subgraphs.users === 'up';
      });
      const report = await fetch(new URL('/health/subgraphs', stack.adminUrl));
      expect(report.status).toBe(503);
      expect(await report.json()).toMatchObject({
        status: 'degraded',
        subgraphs: { probe: { status: 'down' }, users: { status: 'up' } },
      });
      // Neither the instances nor metrics are on the client port.
      expect((await fetch(new URL('/health/subgraphs', stack.gatewayUrl))).status).toBe(404);
      expect((await fetch(new URL('/metrics', stack.gatewayUrl))).status).toBe(404);
      expect((await fetch(new URL('/metrics', stack.adminUrl))).status).toBe(200);
    } finally {
      await Promise.all([a.start(), b.start()]);
    }
  });
});

describe('a slow subgraph', () => {
  it('is cut at its timeout, the rest of the answer intact [SUBGRAPH_UNAVAILABLE]', async () => {
    a.delayMs = b.delayMs = 5_000;
    try {
      const started = Date.now();
      const { data, errors } = await stack.graphql<{ probeEcho: null; ssoLoginUrl: string }>(
        '{ probeEcho(value: "slow") ssoLoginUrl }',
      );
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(1_400);
      expect(elapsed).toBeLessThan(4_500);
      expect(data?.ssoLoginUrl).toEqual(expect.any(String));
      expect(errors).toEqual([
        {
          message: 'The probe service did not answer in time',
          path: ['probeEcho'],
          extensions: { code: 'SUBGRAPH_UNAVAILABLE', reason: 'TIMEOUT', serviceName: 'probe' },
        },
      ]);
    } finally {
      a.delayMs = b.delayMs = 0;
    }
  });

  it('stops being asked when the client cancels its request', async () => {
    a.delayMs = b.delayMs = 1_200;
    const cancelledBefore = a.cancelled + b.cancelled;
    try {
      const client = new AbortController();
      const request = fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ probeEcho(value: "cancel-me") }' }),
        signal: client.signal,
      });
      await eventually(() => sentToAny('cancel-me') === 1);
      client.abort();
      await expect(request).rejects.toThrow();
      await eventually(() => a.cancelled + b.cancelled === cancelledBefore + 1, 1_000);
    } finally {
      a.delayMs = b.delayMs = 0;
    }
  });
});

describe('identical queries in flight', () => {
  it('are fetched once for one caller, once per caller for two, and mutations every time', async () => {
    a.delayMs = b.delayMs = 400;
    try {
      const someone = person();
      await stack.signIn(someone);
      await Promise.all([echo('dedup-same'), echo('dedup-same'), echo('dedup-same')]);
      expect(sentToAny('dedup-same')).toBe(1);

      await Promise.all([echo('two-callers'), echo('two-callers', { as: someone })]);
      expect(sentToAny('two-callers')).toBe(2);

      const write = 'mutation ($value: String!) { probeWrite(value: $value) }';
      await Promise.all(
        [1, 2].map(() => stack.graphql(write, { variables: { value: 'written' } })),
      );
      expect(sentToAny('written')).toBe(2);
    } finally {
      a.delayMs = b.delayMs = 0;
    }
  });
});

describe('internal tokens', () => {
  it('a token captured on its way to one subgraph is refused by another', async () => {
    await echo('capture');
    const captured = [...a.received, ...b.received].find((r) => r.body.includes('"capture"'));
    const token = captured!.internalToken!;
    const replay = (url: string, query: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token },
        body: JSON.stringify({ query }),
      });
    expect((await replay(probe.url, '{ probeEcho(value: "again") }')).status).toBe(200);
    const refused = await replay(stack.subgraphUrls.users!, '{ users(first: 1) { totalCount } }');
    expect(refused.status).toBe(401);
  });
});
