import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Tracing, startTracing } from '@weace/service-kit';
import { type TestStack, startTestStack } from '@weace/test-kit';

/** What an OTLP/HTTP JSON export carries, the parts the test reads. */
interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}
interface TraceExport {
  resourceSpans: { scopeSpans: { spans: ExportedSpan[] }[] }[];
}

/** A tiny OTLP/HTTP collector: keeps every span posted to /v1/traces. */
let collector: Server;
const spans: ExportedSpan[] = [];
let tracing: Tracing;
let stack: TestStack;

beforeAll(async () => {
  collector = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as TraceExport;
        for (const resource of body.resourceSpans) {
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  const { port } = collector.address() as AddressInfo;
  // Before the servers start: they trace their requests only when tracing runs.
  tracing = startTracing({ endpoint: `http://127.0.0.1:${port}`, service: 'weace-test' });
  stack = await startTestStack();
}, 60_000);
afterAll(async () => {
  await stack.stop();
  await tracing.stop();
  await new Promise((resolve) => collector.close(resolve));
});

const attribute = (span: ExportedSpan, key: string) =>
  span.attributes?.find((a) => a.key === key)?.value.stringValue;

describe('tracing with OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('continues the client’s traceparent through the gateway to the subgraph, and keeps secrets in paths out of spans', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
        'x-request-id': 'traced-request',
      },
      body: JSON.stringify({ query: '{ ssoLoginUrl }' }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('traced-request');
    // Secrets that travel in paths and queries: an SSO code, a calendar feed token.
    const origin = new URL(stack.gatewayUrl).origin;
    await fetch(`${origin}/auth/sso/callback?code=SECRET-SSO-CODE&state=SECRET-STATE`);
    await fetch(`${origin}/calendar/SECRET-FEED-TOKEN.ics`);

    await tracing.stop();
    const until = Date.now() + 5_000;
    while (!spans.some((s) => s.traceId === traceId) && Date.now() < until) await sleep(50);

    const trace = spans.filter((s) => s.traceId === traceId);
    const servers = trace.filter((s) => attribute(s, 'weace.service'));
    expect(servers.map((s) => attribute(s, 'weace.service')).sort()).toEqual(['auth', 'gateway']);
    const gateway = servers.find((s) => attribute(s, 'weace.service') === 'gateway')!;
    const auth = servers.find((s) => attribute(s, 'weace.service') === 'auth')!;
    expect(gateway.parentSpanId).toBe('00f067aa0ba902b7');
    // The subgraph's span hangs under the gateway's work for this request, not beside it.
    expect(trace.map((s) => s.spanId)).toContain(auth.parentSpanId);
    expect(auth.parentSpanId).not.toBe(gateway.parentSpanId);

    expect(JSON.stringify(spans)).not.toContain('SECRET');
  });
});
