import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, startTestStack } from '@weace/test-kit';

/** The gateway's own GraphiQL, for when Apollo Sandbox cannot load from its CDN. */
let stack: TestStack;
let explorer: URL;
beforeAll(async () => {
  stack = await startTestStack();
  explorer = new URL('/explorer/', stack.gatewayUrl);
});
afterAll(() => stack.stop());

describe('the offline explorer', () => {
  it('is a page whose every script and style comes from the gateway, none from a CDN', async () => {
    const response = await fetch(explorer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    const html = await response.text();
    expect(html).not.toMatch(/https?:\/\//);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets).toEqual([
      'assets/graphiql.css',
      'assets/react.js',
      'assets/react-dom.js',
      'assets/graphiql.js',
      'assets/start.js',
    ]);
    for (const asset of assets) {
      const file = await fetch(new URL(asset, explorer));
      expect(file.status).toBe(200);
      expect((await file.text()).length).toBeGreaterThan(100);
    }
  });

  it('points GraphiQL at the gateway’s own endpoint', async () => {
    const start = await (await fetch(new URL('assets/start.js', explorer))).text();
    expect(start).toContain('"/graphql"');
  });

  it('redirects /explorer to /explorer/ so relative assets resolve', async () => {
    const response = await fetch(new URL('/explorer', stack.gatewayUrl), { redirect: 'manual' });
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/explorer/');
  });
});
