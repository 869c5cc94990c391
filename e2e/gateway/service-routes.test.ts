import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Caller, SubgraphDefinition } from '@weace/service-kit';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import { eventually } from '@weace/test-kit/subgraph';
import express from 'express';
import { Query, Resolver } from 'type-graphql';

@Resolver()
class ProbeResolver {
  @Query(() => Boolean)
  probe(): boolean {
    return true;
  }
}

/** A subgraph with HTTP routes of its own, as events (calendar) and notifications (stream) have. */
const probeSubgraph: SubgraphDefinition = {
  name: 'probe',
  port: 0,
  schema: { resolvers: [ProbeResolver] },
  async start() {
    const routes = express.Router();
    routes.get('/probe/whoami', (_req, res) => {
      const caller = res.locals.caller as Caller;
      res.json(caller.kind === 'user' ? { userId: caller.identity.userId } : caller);
    });
    routes.post('/probe/form', express.urlencoded({ extended: false }), (req, res) => {
      res.setHeader('cache-control', 'no-store');
      res.json({ received: req.body as unknown });
    });
    routes.get('/probe/stream', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write('id: 1\ndata: first\n\n');
      // The second event comes later: the proxy must pass the first one on at once.
      const later = setTimeout(() => res.end('id: 2\ndata: second\n\n'), 300);
      res.on('close', () => clearTimeout(later));
    });
    routes.get('/probe/live', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.write(': open\n\n');
    });
    return { routes };
  },
};

let stack: TestStack;
let origin: string;
beforeAll(async () => {
  stack = await startTestStack({
    extraSubgraphs: [probeSubgraph],
    gateway: {
      serviceRoutes: [{ path: '/probe', subgraph: 'probe' }],
      overload: { streams: { paths: ['/probe/live'], perCaller: 1 } },
    },
  });
  origin = new URL(stack.gatewayUrl).origin;
});
afterAll(() => stack.stop());

describe('service routes through the gateway', () => {
  it('carries the signed-in caller, by User.id, to the service', async () => {
    const someone = person();
    const { id } = await stack.createProfile(someone);
    const { accessToken } = await stack.signIn(someone);
    const response = await fetch(`${origin}/probe/whoami`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ userId: id });
  });

  it('is anonymous without a token, and refuses a forged one', async () => {
    expect(await (await fetch(`${origin}/probe/whoami`)).json()).toEqual({ kind: 'anonymous' });
    const forged = await fetch(`${origin}/probe/whoami`, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(forged.status).toBe(401);
  });

  it('passes a form body and the service’s headers', async () => {
    const response = await fetch(`${origin}/probe/form`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ received: { 'List-Unsubscribe': 'One-Click' } });
  });

  it('streams server-sent events as they come', async () => {
    const response = await fetch(`${origin}/probe/stream`);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toBe('id: 1\ndata: first\n\n');
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      rest += new TextDecoder().decode(chunk.value);
    }
    expect(rest).toBe('id: 2\ndata: second\n\n');
  });

  it('caps the long-lived streams one caller keeps open, and frees the place when one closes', async () => {
    const first = new AbortController();
    const open = await fetch(`${origin}/probe/live`, { signal: first.signal });
    expect(open.status).toBe(200);
    const refused = await fetch(`${origin}/probe/live`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await refused.json()).toMatchObject({
      errors: [{ extensions: { code: 'RATE_LIMITED', reason: 'TOO_MANY_STREAMS' } }],
    });

    first.abort();
    await eventually(async () => {
      const again = await fetch(`${origin}/probe/live`, { signal: AbortSignal.timeout(2_000) });
      await again.body?.cancel();
      return again.status === 200;
    });
  });
});
