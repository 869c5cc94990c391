import { describe, expect, it } from '@jest/globals';
import { ConfigError } from './env';
import { loadServiceConfig } from './service-config';

const secret = 'x'.repeat(32);

describe('loadServiceConfig', () => {
  it('parses a valid environment into typed values with defaults', () => {
    const config = loadServiceConfig({ PORT: '3002', INTERNAL_TOKEN_SECRET: secret });
    expect(config).toEqual({
      nodeEnv: 'development',
      logLevel: 'info',
      host: '127.0.0.1',
      port: 3002,
      mongodbUri: undefined,
      internalTokenSecret: [secret],
      natsUrl: undefined,
      eventRetentionDays: 30,
    });
  });

  it('takes NATS_URL as one nats:// URL or a comma-separated cluster, and refuses anything else', () => {
    const cluster = 'nats://a:4222, nats://b:4222';
    expect(loadServiceConfig({ INTERNAL_TOKEN_SECRET: secret, NATS_URL: cluster }).natsUrl).toBe(
      cluster,
    );
    expect(() =>
      loadServiceConfig({ INTERNAL_TOKEN_SECRET: secret, NATS_URL: 'http://nats:4222' }),
    ).toThrow(/NATS_URL is invalid: expected nats:\/\/ URLs/);
  });

  it('names every bad or missing variable at once, and what it expects', () => {
    const attempt = () => loadServiceConfig({ PORT: 'eighty', MONGODB_URI: 'postgres://x' });
    expect(attempt).toThrow(ConfigError);
    const problems = (() => {
      try {
        attempt();
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^PORT is invalid/),
        expect.stringMatching(/^MONGODB_URI is invalid: expected a mongodb:\/\//),
        expect.stringMatching(/^INTERNAL_TOKEN_SECRET is required/),
      ]),
    );
  });

  it('refuses to run production on the embedded engine', () => {
    expect(() =>
      loadServiceConfig({ NODE_ENV: 'production', INTERNAL_TOKEN_SECRET: secret }),
    ).toThrow(/MONGODB_URI is required in production/);
  });

  it('never echoes a secret it rejects', () => {
    expect(() => loadServiceConfig({ INTERNAL_TOKEN_SECRET: 'short-but-secret' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('short-but-secret') }),
    );
  });
});
