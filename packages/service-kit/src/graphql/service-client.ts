import { GraphQLError } from 'graphql';
import {
  INTERNAL_TOKEN_HEADER,
  type InternalTokenSecret,
  createInternalTokens,
} from '../identity/internal-token';
import { REQUEST_ID_HEADER, currentRequestContext } from '../logging/request-context';

export interface ServiceClientOptions {
  /** The other service's GraphQL endpoint, e.g. `http://127.0.0.1:3001/graphql`. */
  readonly url: string;
  /** The calling service's name, signed into each request as a `service` caller. */
  readonly service: string;
  /** The called service's name: the audience of the tokens, which no other service accepts. */
  readonly audience: string;
  /**
   * The root fields this client calls (e.g. `['createIdentityAccount']`): the
   * called service refuses any other with FORBIDDEN.
   */
  readonly operations: readonly string[];
  /** The internal token secret shared by the gateway and every subgraph (current first). */
  readonly secret: InternalTokenSecret;
  /** Gives up on a request after this long. Default 10 000 ms. */
  readonly timeoutMs?: number;
}

/** Sends one operation; resolves to its `data`, or throws its first error. */
export type ServiceRequest = <TData>(
  query: string,
  variables?: Record<string, unknown>,
) => Promise<TData>;

interface GraphQLResponseBody {
  data?: unknown;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/**
 * Calls another subgraph directly, service to service: each request carries a
 * fresh internal token of kind `service`, for that subgraph only and granting
 * only the declared operations, and the current correlation id. An
 * error the other service answered with comes back as a GraphQLError with the
 * same message and extensions (code, fields, retryAfterSeconds), so a
 * resolver can let it through to its own client. Transport failures, and
 * answers that are not a GraphQL result (the token refused, a proxy error),
 * are plain errors: the calling service's error formatter masks them.
 */
export function createServiceClient(options: ServiceClientOptions): ServiceRequest {
  const tokens = createInternalTokens({ secret: options.secret, service: options.service });
  const caller = {
    kind: 'service',
    service: options.service,
    operations: options.operations,
  } as const;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async <TData>(query: string, variables?: Record<string, unknown>) => {
    const requestId = currentRequestContext()?.requestId;
    const response = await fetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [INTERNAL_TOKEN_HEADER]: await tokens.sign(caller, { audience: options.audience }),
        ...(requestId && { [REQUEST_ID_HEADER]: requestId }),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    // Apollo Server answers 200 for results, errors included; anything else is not one.
    if (response.status !== 200) {
      throw new Error(`${options.url} answered HTTP ${response.status}`);
    }
    const body = (await response.json()) as GraphQLResponseBody;
    const [first] = body.errors ?? [];
    if (first) throw new GraphQLError(first.message, { extensions: first.extensions });
    return body.data as TData;
  };
}
