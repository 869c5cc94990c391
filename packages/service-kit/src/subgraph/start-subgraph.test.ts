import { describe, expect, it } from '@jest/globals';
import { Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import type { ServiceConfig } from '../config/service-config';
import { parseEnv } from '../config/env';
import { INTERNAL_TOKEN_HEADER, createInternalTokens } from '../identity/internal-token';
import { createLogger } from '../logging/logger';
import { startSubgraph } from './start-subgraph';
import type { SubgraphDefinition } from './subgraph-definition';

/** A resolver that needs a dependency, as the auth subgraph's need their identity provider. */
@Resolver()
class GreetingResolver {
  constructor(private readonly text: string) {}

  @Query(() => String)
  greeting(): string {
    return this.text;
  }
}

const secret = 'a-secret-that-is-long-enough-for-hs256!';
const config: ServiceConfig = {
  nodeEnv: 'test',
  logLevel: 'silent',
  host: '127.0.0.1',
  port: 0,
  mongodbUri: undefined,
  internalTokenSecret: secret,
};
const logger = createLogger({ service: 'greeter', level: 'silent' });

async function ask(url: string): Promise<unknown> {
  const token = await createInternalTokens({ secret, service: 'gateway' }).sign(
    { kind: 'anonymous' },
    { audience: 'greeter' },
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [INTERNAL_TOKEN_HEADER]: token },
    body: JSON.stringify({ query: '{ greeting }' }),
  });
  return response.json();
}

describe('startSubgraph with a definition that starts its own dependencies', () => {
  it('serves resolvers made by start from its settings, and stops them after the server', async () => {
    const events: string[] = [];
    const definition: SubgraphDefinition = {
      name: 'greeter',
      port: 0,
      schema: { resolvers: [GreetingResolver] },
      async start({ env }) {
        const settings = parseEnv({ GREETING: z.string().default('hello') }, env);
        events.push('started');
        return {
          resolvers: [new GreetingResolver(settings.GREETING)],
          stop: async () => {
            events.push('stopped');
          },
        };
      },
    };
    const service = await startSubgraph(definition, {
      config,
      env: { GREETING: 'bonjour' },
      logger,
    });
    try {
      expect(await ask(service.url)).toEqual({ data: { greeting: 'bonjour' } });
    } finally {
      await service.stop();
    }
    expect(events).toEqual(['started', 'stopped']);
  });

  it('gives start a scheduler on the service database whose due jobs run once the service serves', async () => {
    const ran: unknown[] = [];
    const definition: SubgraphDefinition = {
      name: 'greeter',
      port: 0,
      schema: { resolvers: [GreetingResolver] },
      async start({ events, jobs }) {
        jobs.define('greet', async (job) => {
          ran.push(job.data);
        });
        await events.withTransaction((session) =>
          jobs.schedule('greet', new Date(), { to: 'ada' }, { uniqueKey: 'greet:ada', session }),
        );
        return { resolvers: [new GreetingResolver('hello')] };
      },
    };
    const service = await startSubgraph(definition, { config, logger });
    try {
      for (let waited = 0; ran.length === 0 && waited < 10_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(ran).toEqual([{ to: 'ada' }]);
    } finally {
      await service.stop();
    }
  });

  it('stops what it started when a later step fails', async () => {
    const events: string[] = [];
    const failing: SubgraphDefinition = {
      name: 'greeter',
      port: 0,
      schema: { resolvers: [GreetingResolver] },
      async start() {
        events.push('started');
        return {
          resolvers: [new GreetingResolver('hello')],
          stop: async () => {
            events.push('stopped');
          },
        };
      },
    };
    // An invalid host makes listening fail after the dependencies started.
    await expect(
      startSubgraph(failing, { config: { ...config, host: '256.0.0.1' }, logger }),
    ).rejects.toThrow();
    expect(events).toEqual(['started', 'stopped']);
  });
});
