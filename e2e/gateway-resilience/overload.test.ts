import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, startTestStack } from '@weace/test-kit';
import { type SubgraphHarness, startSubgraphHarness } from '@weace/test-kit/subgraph';
import { probeSubgraph } from './probe.subgraph';
import { type UpstreamProxy, startUpstreamProxy } from './upstream-proxy';

/** A gateway with a small admission limit and a short deadline, in front of a probe subgraph it can slow down. */
const secret = randomBytes(32).toString('base64url');
let probe: SubgraphHarness;
let proxy: UpstreamProxy;
let stack: TestStack;

beforeAll(async () => {
  probe = await startSubgraphHarness(probeSubgraph, { internalTokenSecret: secret });
  proxy = await startUpstreamProxy(probe.url);
  stack = await startTestStack({
    internalTokenSecret: secret,
    externalSubgraphs: [{ name: 'probe', url: proxy.url }],
    gateway: { overload: { maxInFlight: 3, deadlineMs: 1_500, retryAfterSeconds: 2 } },
  });
}, 60_000);
afterAll(async () => {
  await stack.stop();
  await proxy.stop();
  await probe.stop();
});

const post = (value: string) =>
  fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ probeEcho(value: "${value}") }` }),
  });

describe('the request deadline', () => {
  it('answers 504 and cancels the subgraph fetch still running [GATEWAY_TIMEOUT]', async () => {
    proxy.delayMs = 4_000;
    const cancelledBefore = proxy.cancelled;
    try {
      const started = Date.now();
      const response = await post('past-the-deadline');
      expect(Date.now() - started).toBeLessThan(3_500);
      expect(response.status).toBe(504);
      expect(await response.json()).toEqual({
        errors: [{ message: 'The request took too long', extensions: { code: 'GATEWAY_TIMEOUT' } }],
      });
      const until = Date.now() + 2_000;
      while (proxy.cancelled === cancelledBefore && Date.now() < until) await sleep(50);
      expect(proxy.cancelled).toBe(cancelledBefore + 1);
    } finally {
      proxy.delayMs = 0;
    }
  });
});

describe('admission control', () => {
  it('refuses requests past the in-flight limit at once with 503 and Retry-After, and still answers probes [SERVICE_OVERLOADED]', async () => {
    proxy.delayMs = 1_000;
    try {
      const answers = Array.from({ length: 8 }, async (_, i) => {
        const started = Date.now();
        const response = await post(`crowd-${i}`);
        return { response, ms: Date.now() - started, body: await response.json() };
      });
      await sleep(200);
      expect((await fetch(new URL('/health', stack.gatewayUrl))).status).toBe(200);
      expect((await fetch(new URL('/ready', stack.gatewayUrl))).status).toBe(200);
      const results = await Promise.all(answers);
      const refused = results.filter((r) => r.response.status === 503);
      const served = results.filter((r) => r.response.status === 200);
      expect(served.length).toBe(3);
      expect(refused.length).toBe(5);
      for (const { response, ms, body } of refused) {
        expect(response.headers.get('retry-after')).toBe('2');
        expect(ms).toBeLessThan(800);
        expect(body).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_OVERLOADED' } }] });
      }
      // Once the crowd is served, requests are admitted again.
      proxy.delayMs = 0;
      expect((await post('after-the-crowd')).status).toBe(200);
    } finally {
      proxy.delayMs = 0;
    }
  });
});
