import { describe, expect, it } from '@jest/globals';
import { loadGatewayConfig } from './config';

const base = {
  INTERNAL_TOKEN_SECRET: 'an-internal-secret-of-32-characters!',
  COGNITO_USER_POOL_ID: 'eu-west-1_AbC123',
  COGNITO_CLIENT_ID: 'app-client',
};

describe('gateway protection configuration', () => {
  it('has every limit on by default, in memory, without partners or proxies', () => {
    const config = loadGatewayConfig(base);
    expect(config.limits).toEqual({
      maxDepth: 10,
      maxAliases: 15,
      maxRootFields: 10,
      maxTokens: 2_000,
      maxDirectives: 20,
      maxCost: 5_000,
      defaultListSize: 10,
    });
    expect(config.rateLimits).toEqual({
      ip: { points: 600, windowSeconds: 60 },
      requests: { points: 300, windowSeconds: 60 },
      cost: { points: 20_000, windowSeconds: 60 },
    });
    expect(config).toMatchObject({ maxBodySize: '100kb', trustProxy: undefined });
    expect(config.redisUrl).toBeUndefined();
    expect(config.partners).toBeUndefined();
  });

  it('reads TRUST_PROXY as a hop count or a list of addresses and CIDRs', () => {
    expect(loadGatewayConfig({ ...base, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(
      loadGatewayConfig({ ...base, TRUST_PROXY: '10.0.0.0/8, fd00::/8,loopback' }).trustProxy,
    ).toEqual(['10.0.0.0/8', 'fd00::/8', 'loopback']);
  });

  it('turns partners on with MONGODB_URI and shares limits with REDIS_URL', () => {
    const config = loadGatewayConfig({
      ...base,
      MONGODB_URI: 'mongodb://db:27017/',
      REDIS_URL: 'redis://cache:6379',
      SENSITIVE_RATE_LIMITS: '{"forgotPassword":{"points":3,"windowSeconds":3600}}',
    });
    expect(config.partners).toEqual({ mongodbUri: 'mongodb://db:27017/', cacheSeconds: 10 });
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.rateLimits?.sensitive).toEqual({
      forgotPassword: { points: 3, windowSeconds: 3600 },
    });
  });

  it('names each bad value', () => {
    expect(() =>
      loadGatewayConfig({
        ...base,
        TRUST_PROXY: '10.0.0.0/40,everyone',
        MAX_QUERY_DEPTH: '-1',
        MAX_BODY_SIZE: 'huge',
        REDIS_URL: 'http://cache',
        SENSITIVE_RATE_LIMITS: '{"login":{"points":0}}',
      }),
    ).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([
          'TRUST_PROXY is invalid: expected a hop count or addresses/CIDRs, not 10.0.0.0/40, everyone',
          expect.stringMatching(/^MAX_QUERY_DEPTH is invalid/),
          'MAX_BODY_SIZE is invalid: expected bytes, or a size like 100kb or 1mb',
          'REDIS_URL is invalid: expected a redis:// or rediss:// URL',
          expect.stringMatching(/^SENSITIVE_RATE_LIMITS/),
        ]),
      }),
    );
  });
});
