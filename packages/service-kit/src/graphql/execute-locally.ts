import { type GraphQLFormattedError, type GraphQLSchema, graphql } from 'graphql';
import type { Logger } from 'pino';
import { createErrorFormatter } from '../errors/normalize';
import { ANONYMOUS, type Caller } from '../identity/identity';
import { createServiceContext } from './context';

/** What a client receives for one operation. */
export interface OperationResult<T> {
  readonly data?: T | null;
  readonly errors?: readonly GraphQLFormattedError[];
}

export interface LocalOperationOptions {
  readonly variables?: Record<string, unknown>;
  /** Default: anonymous, as a client before login. */
  readonly caller?: Caller;
  /** The client IP the gateway would sign in. Default: none. */
  readonly clientIp?: string;
}

export type LocalExecutor = <T = Record<string, unknown>>(
  source: string,
  options?: LocalOperationOptions,
) => Promise<OperationResult<T>>;

/**
 * Runs operations against a subgraph schema in process, with a fresh
 * request context and the server's error formatting, and hands back what a
 * client would see (through JSON: dates become ISO strings). For resolver
 * tests that need no HTTP.
 */
export function createLocalExecutor(schema: GraphQLSchema, logger: Logger): LocalExecutor {
  const formatError = createErrorFormatter(logger);
  return async (source, { variables, caller = ANONYMOUS, clientIp } = {}) => {
    const result = await graphql({
      schema,
      source,
      variableValues: variables,
      contextValue: createServiceContext({ caller, clientIp, logger }),
    });
    return JSON.parse(
      JSON.stringify({
        data: result.data,
        errors: result.errors?.map((error) => formatError(error.toJSON(), error)),
      }),
    ) as OperationResult<never>;
  };
}
