import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, startTestStack } from '@weace/test-kit';

/** Starting the whole stack (and seeding) takes long on a machine shared by several test runs. */
const STACK_START_TIMEOUT_MS = 120_000;

/** verifyCertificate is public, so it is rate-limited per client address like every anonymous field. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({
    gateway: {
      rateLimits: {
        ip: { points: 100, windowSeconds: 60 },
        requests: { points: 3, windowSeconds: 60 },
        cost: { points: 1000, windowSeconds: 60 },
      },
    },
  });
}, STACK_START_TIMEOUT_MS);
afterAll(() => stack.stop());

const VERIFY = '{ verifyCertificate(code: "00000000000000000000000000000000") { status } }';

describe('verifyCertificate without sign-in', () => {
  it('answers anonymous callers, and refuses one address past its limit [RATE_LIMITED]', async () => {
    for (let i = 0; i < 3; i += 1) {
      const { data, errors } = await stack.graphql<{ verifyCertificate: { status: string } }>(
        VERIFY,
        { ip: '203.0.113.7' },
      );
      expect(errors).toBeUndefined();
      expect(data?.verifyCertificate.status).toBe('NOT_FOUND');
    }
    const limited = await stack.graphql(VERIFY, { ip: '203.0.113.7' });
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    // Another address is not affected.
    const other = await stack.graphql(VERIFY, { ip: '203.0.113.8' });
    expect(other.errors).toBeUndefined();
  });
});
