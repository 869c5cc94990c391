import { randomUUID } from 'node:crypto';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { resolve } from 'node:path';
import { Role, type SubgraphDefinition } from '@weace/service-kit';
import { type LocalTokenClaims, type Stack, startStack } from '@weace/stack';

export interface TestStackOptions {
  /** Seed the demo organisation. Default false: each test makes the people it needs. */
  readonly seedDemoData?: boolean;
  /** Extra subgraphs a scenario needs beside the real ones. */
  readonly extraSubgraphs?: readonly SubgraphDefinition[];
  /** Show the services' logs. Default `silent`. */
  readonly logLevel?: string;
}

export interface GraphQLResponse<TData = Record<string, unknown>> {
  readonly status: number;
  readonly headers: Headers;
  readonly data?: TData | null;
  readonly errors?: readonly {
    message: string;
    path?: readonly (string | number)[];
    extensions?: Record<string, unknown>;
  }[];
}

export interface RequestOptions<TVariables = Record<string, unknown>> {
  readonly variables?: TVariables;
  /** Sign in as this person (a token from the stack's issuer). */
  readonly as?: LocalTokenClaims;
  /** Send this exact bearer token instead. */
  readonly token?: string;
  readonly headers?: Record<string, string>;
}

/** An operation as text, or a typed document from `@weace/client`. */
export type Operation<TData, TVariables> = string | TypedDocumentNode<TData, TVariables>;

export interface TestStack extends Stack {
  /** A subgraph's `db_commands_total` from its `/metrics`, as `{ 'find users': 3, … }`. */
  dbCommands(subgraph: string): Promise<Record<string, number>>;
  /** Sends one operation to the gateway over HTTP, as a client app would. */
  graphql<TData = Record<string, unknown>, TVariables = Record<string, unknown>>(
    operation: Operation<TData, TVariables>,
    options?: RequestOptions<TVariables>,
  ): Promise<GraphQLResponse<TData>>;
}

/** A new person's claims with a unique subject; LEARNER unless roles are given. */
export function person(...roles: Role[]): LocalTokenClaims & { email: string } {
  const id = randomUUID();
  return {
    sub: id,
    email: `${id.slice(0, 8)}@test.weace.dev`,
    groups: roles.length ? roles : [Role.Learner],
  };
}

/**
 * The real supergraph in this process on free ports: embedded engine in
 * memory, every subgraph, a local token issuer, and a gateway composed from
 * the subgraphs' live SDL.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const stack = await startStack({
    mode: 'test',
    root: resolve(__dirname, '..', '..', '..'),
    ports: 'ephemeral',
    seedDemoData: options.seedDemoData ?? false,
    extraSubgraphs: options.extraSubgraphs,
    logLevel: options.logLevel,
  });
  return {
    ...stack,
    async dbCommands(subgraph) {
      const metrics = await (await fetch(new URL('/metrics', stack.subgraphUrls[subgraph]))).text();
      const counts: Record<string, number> = {};
      for (const [, command, collection, value] of metrics.matchAll(
        /^db_commands_total\{command="(\w+)",collection="([\w.]*)"[^}]*\} (\d+)$/gm,
      )) {
        counts[`${command} ${collection}`] = Number(value);
      }
      return counts;
    },
    async graphql(operation, { variables, as, token, headers } = {}) {
      const query = typeof operation === 'string' ? operation : print(operation);
      const bearer = token ?? (as && (await stack.issuer.issue(as)));
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(bearer && { authorization: `Bearer ${bearer}` }),
          ...headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status' | 'headers'>;
      return {
        status: response.status,
        headers: response.headers,
        data: body.data,
        errors: body.errors,
      } as never;
    },
  };
}
