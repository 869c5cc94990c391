import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { ConflictError, RateLimitedError } from '../errors/errors';
import { createLogger } from '../logging/logger';
import { runWithRequestContext } from '../logging/request-context';
import { type RunningService, startSubgraph } from '../subgraph/start-subgraph';
import type { ServiceContext } from './context';
import { createServiceClient } from './service-client';

@Resolver()
class CalleeResolver {
  @Query(() => String)
  whoCalls(@Ctx() context: ServiceContext): string {
    const { caller, requestId } = context;
    return `${caller.kind === 'service' ? caller.service : caller.kind} ${requestId}`;
  }

  @Mutation(() => Boolean)
  claim(@Arg('email') _email: string): boolean {
    throw new ConflictError('That email is taken', 'email');
  }

  @Mutation(() => Boolean)
  slowDown(@Arg('seconds', () => Int) seconds: number): boolean {
    throw new RateLimitedError(seconds);
  }

  @Query(() => Boolean)
  broken(): boolean {
    throw new Error('database password is hunter2');
  }
}

const secret = 'a-secret-that-is-long-enough-for-hs256!';
let callee: RunningService;

beforeAll(async () => {
  callee = await startSubgraph(
    {
      name: 'callee',
      port: 0,
      schema: { resolvers: [CalleeResolver] },
    },
    {
      config: {
        nodeEnv: 'test',
        logLevel: 'silent',
        host: '127.0.0.1',
        port: 0,
        mongodbUri: undefined,
        internalTokenSecret: secret,
      },
      logger: createLogger({ service: 'callee', level: 'silent' }),
    },
  );
});
afterAll(() => callee.stop());

const request = () =>
  createServiceClient({
    url: callee.url,
    service: 'users',
    audience: 'callee',
    operations: ['whoCalls', 'claim', 'slowDown', 'broken'],
    secret,
  });

/** What the promise rejected with. */
const rejection = (attempt: Promise<unknown>) =>
  attempt.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );

describe('service client', () => {
  it('calls as the named service and carries the correlation id', async () => {
    const data = await runWithRequestContext({ requestId: 'req-42' }, () =>
      request()<{ whoCalls: string }>('{ whoCalls }'),
    );
    expect(data).toEqual({ whoCalls: 'users req-42' });
  });

  it('gives back the other service’s error with the same code and fields [CONFLICT]', async () => {
    const error = await rejection(
      request()('mutation ($email: String!) { claim(email: $email) }', { email: 'a@b.c' }),
    );
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error).toMatchObject({
      message: 'That email is taken',
      extensions: { code: 'CONFLICT', fields: ['email'] },
    });
  });

  it('keeps extensions such as retryAfterSeconds [RATE_LIMITED]', async () => {
    await expect(request()('mutation { slowDown(seconds: 7) }')).rejects.toMatchObject({
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 7 },
    });
  });

  it('may run only the operations it declared, aliases and fragments included [FORBIDDEN]', async () => {
    const narrow = createServiceClient({
      url: callee.url,
      service: 'users',
      audience: 'callee',
      operations: ['whoCalls'],
      secret,
    });
    await expect(narrow('{ whoCalls }')).resolves.toMatchObject({ whoCalls: expect.any(String) });
    for (const query of [
      '{ whoCalls broken }',
      '{ a: broken }',
      '{ ...F } fragment F on Query { broken }',
    ]) {
      await expect(narrow(query)).rejects.toThrow(`${callee.url} answered HTTP 403`);
    }
  });

  it('is refused by a service it is not addressed to', async () => {
    const misaddressed = createServiceClient({
      url: callee.url,
      service: 'users',
      audience: 'auth',
      operations: ['whoCalls'],
      secret,
    });
    await expect(misaddressed('{ whoCalls }')).rejects.toThrow(`${callee.url} answered HTTP 401`);
  });

  it('passes a masked internal error on as one [INTERNAL_SERVER_ERROR]', async () => {
    const error = await rejection(request()('{ broken }'));
    expect(error).toMatchObject({ extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect((error as Error).message).not.toContain('hunter2');
  });

  it('fails plainly, not as the caller’s UNAUTHENTICATED, when its token is refused', async () => {
    const forger = createServiceClient({
      url: callee.url,
      service: 'users',
      audience: 'callee',
      operations: ['whoCalls'],
      secret: 'another-secret-that-is-also-long-enough',
    });
    const error = await rejection(forger('{ whoCalls }'));
    expect(error).not.toBeInstanceOf(GraphQLError);
    expect((error as Error).message).toBe(`${callee.url} answered HTTP 401`);
  });
});
