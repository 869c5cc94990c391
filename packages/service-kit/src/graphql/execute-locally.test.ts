import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { ErrorCode, NotFoundError } from '../errors/errors';
import { Role } from '../identity/identity';
import { createLogger } from '../logging/logger';
import type { ServiceContext } from './context';
import { createLocalExecutor } from './execute-locally';

const schema = new GraphQLSchema({
  query: new GraphQLObjectType<unknown, ServiceContext>({
    name: 'Query',
    fields: {
      whoAmI: {
        type: GraphQLString,
        resolve: (_root, _args, { caller }) =>
          caller.kind === 'user' ? caller.identity.sub : caller.kind,
      },
      ip: { type: GraphQLString, resolve: (_root, _args, context) => context.clientIp ?? null },
      missing: {
        type: GraphQLString,
        resolve: () => {
          throw new NotFoundError('User', '42');
        },
      },
      broken: {
        type: GraphQLString,
        resolve: () => {
          throw new Error('database password is hunter2');
        },
      },
    },
  }),
});

const silent = new Writable({ write: (_chunk, _encoding, done) => done() });
const execute = createLocalExecutor(schema, createLogger({ service: 'test', destination: silent }));

describe('local executor', () => {
  it('runs as an anonymous caller unless told otherwise, with the client IP in context', async () => {
    expect((await execute('{ whoAmI ip }')).data).toEqual({ whoAmI: 'anonymous', ip: null });
    const caller = { kind: 'user', identity: { sub: 'u-1', roles: [Role.Learner] } } as const;
    expect((await execute('{ whoAmI ip }', { caller, clientIp: '10.0.0.7' })).data).toEqual({
      whoAmI: 'u-1',
      ip: '10.0.0.7',
    });
  });

  it('formats errors as the server does: codes kept, unknown errors masked', async () => {
    const { errors } = await execute('{ missing broken }');
    expect(errors?.map((error) => error.extensions?.code)).toEqual([
      ErrorCode.NotFound,
      ErrorCode.InternalServerError,
    ]);
    expect(JSON.stringify(errors)).not.toContain('hunter2');
  });
});
