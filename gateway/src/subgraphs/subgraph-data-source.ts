import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import {
  type Caller,
  INTERNAL_TOKEN_HEADER,
  type Logger,
  REQUEST_ID_HEADER,
  injectTraceContext,
} from '@weace/service-kit';
import { Kind, parse } from 'graphql';
import type { GatewayContext } from '../gateway-context';
import { type Deduplicator, type SharedResponse } from './deduplicate';
import { callerKeyOf, type createInternalTokenCache } from './internal-token-cache';
import type { SubgraphInstance, SubgraphInstances } from './subgraph-instances';

/** How the gateway calls subgraphs; every field has a default. */
export interface SubgraphCallOptions {
  /** A subgraph fetch not answered within this is cut. Default 10 000 ms. */
  readonly timeoutMs?: number;
  /** Per subgraph name, instead of {@link timeoutMs}. */
  readonly timeoutsMs?: Readonly<Record<string, number>>;
  /** Keep-alive connections per subgraph instance, at most. Default 64. */
  readonly connectionsPerInstance?: number;
  /** How often each instance's `/health` is probed. Default 2000 ms. */
  readonly probeIntervalMs?: number;
}

export interface SubgraphDataSourceOptions {
  readonly instances: SubgraphInstances;
  /** Signs the caller for this subgraph (cached per caller, renewed well before expiry). */
  readonly tokens: ReturnType<typeof createInternalTokenCache>;
  /** Shared by every subgraph; keys include the subgraph, the caller and the body. */
  readonly deduplicator: Deduplicator;
  /** A fetch not answered within this is cut, and the fields it owed are null. Default 10 000 ms. */
  readonly timeoutMs?: number;
  readonly logger: Logger;
}

/** The gateway itself, loading schemas: the only root field it asks subgraphs for on its own behalf. */
const GATEWAY_SERVICE: Caller = { kind: 'service', service: 'gateway', operations: ['_service'] };

/** Connection-level failures: the request never reached a subgraph process, so a query may go elsewhere. */
const CONNECTION_FAILURES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
]);

class SubgraphTimeout extends Error {}

const NEVER_ABORTED = new AbortController().signal;

type Failure = 'TIMEOUT' | 'UNREACHABLE' | 'BAD_RESPONSE';

interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
  extensions?: Record<string, unknown>;
}

/**
 * How the gateway calls one subgraph: over its instances' keep-alive pools,
 * with the caller as an internal token addressed to this subgraph, the
 * correlation id and the trace context; cut at the subgraph timeout or when
 * the client's request ends; identical queries of one caller in flight at
 * once fetched once; a query whose connection fails retried once on another
 * instance. A subgraph that does not answer yields one error,
 * SUBGRAPH_UNAVAILABLE with `reason`, `path` and (added by the gateway)
 * `serviceName`, and never its URL, body or a stack.
 */
export function createSubgraphDataSource(
  options: SubgraphDataSourceOptions,
): GraphQLDataSource<GatewayContext> {
  const { instances, tokens, deduplicator, logger } = options;
  const name = instances.name;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function post(
    instance: SubgraphInstance,
    headers: Record<string, string>,
    body: string,
    signal: AbortSignal,
  ): Promise<SharedResponse> {
    const response = await instance.pool.request({
      path: instance.path,
      method: 'POST',
      headers,
      body,
      signal,
    });
    return { status: response.statusCode, body: await response.body.text() };
  }

  /** One attempt, and for a query whose connection failed, one more on another instance. */
  async function send(
    headers: Record<string, string>,
    body: string,
    retryable: boolean,
    caller: AbortSignal,
  ): Promise<SharedResponse> {
    // One controller per fetch, released when it settles (AbortSignal.any keeps its sources alive longer).
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new SubgraphTimeout());
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(caller.reason);
    if (caller.aborted) onCallerAbort();
    else caller.addEventListener('abort', onCallerAbort, { once: true });
    try {
      let instance = instances.pick();
      for (let attempt = 0; ; attempt++) {
        if (!instance) throw new Error(`no instance of ${name}`);
        try {
          return await post(instance, headers, body, controller.signal);
        } catch (error) {
          if (timedOut) throw new SubgraphTimeout();
          if (controller.signal.aborted || !isConnectionFailure(error)) throw error;
          instances.markDown(instance);
          const other = instances.pick(instance);
          if (!retryable || attempt > 0 || !other) throw error;
          instance = other;
        }
      }
    } finally {
      clearTimeout(timer);
      caller.removeEventListener('abort', onCallerAbort);
    }
  }

  return {
    async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
      const { request } = options;
      const incoming = 'incomingRequestContext' in options ? options : undefined;
      const context: Partial<GatewayContext> = incoming ? incoming.context : {};
      const caller = context.caller ?? GATEWAY_SERVICE;
      const callerKey = context.callerKey ?? callerKeyOf(caller);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        [INTERNAL_TOKEN_HEADER]: await tokens.tokenFor({
          callerKey,
          caller,
          clientIp: context.clientIp,
          audience: name,
        }),
      };
      if (context.requestId) headers[REQUEST_ID_HEADER] = context.requestId;
      injectTraceContext(headers);
      const body = JSON.stringify({
        query: request.query,
        variables: request.variables,
        operationName: request.operationName,
      });
      const { isQuery, rootKey } = shapeOf(request.query ?? '');
      // Schema loading runs outside any client request: only the subgraph timeout bounds it.
      const signal = context.signal ?? NEVER_ABORTED;

      let response: SharedResponse;
      try {
        response = isQuery
          ? await deduplicator.run(`${name}\u0000${callerKey}\u0000${body}`, signal, (shared) =>
              send(headers, body, true, shared),
            )
          : await send(headers, body, false, signal);
      } catch (error) {
        const reason: Failure = error instanceof SubgraphTimeout ? 'TIMEOUT' : 'UNREACHABLE';
        if (!signal.aborted) {
          logger.warn({ subgraph: name, reason, err: describe(error) }, 'subgraph fetch failed');
        }
        return unavailable(name, reason, pathOf(rootKey, request.variables));
      }
      const result = parseResult(response.body);
      // Apollo Server answers 200 for results and 400 for documents it refuses, both as GraphQL.
      if (result && (response.status === 200 || response.status === 400)) return result;
      logger.warn(
        { subgraph: name, status: response.status },
        'subgraph answered no GraphQL result',
      );
      return unavailable(name, 'BAD_RESPONSE', pathOf(rootKey, request.variables));
    },
  };
}

function isConnectionFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CONNECTION_FAILURES.has(code);
}

/** A loggable summary: the code and message only (a subgraph URL may be in it; logs are not clients). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}

function parseResult(body: string): GraphQLResult | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && ('data' in parsed || 'errors' in parsed)
      ? (parsed as GraphQLResult)
      : undefined;
  } catch {
    return undefined;
  }
}

interface FetchShape {
  /** Queries may be shared and retried; mutations never. */
  readonly isQuery: boolean;
  /** The response key of the first root field, where a failure's error points. */
  readonly rootKey?: string;
}

/** The query planner sends a bounded set of fetch documents: each is parsed once. */
const shapes = new Map<string, FetchShape>();
const MAX_SHAPES = 5_000;

function shapeOf(query: string): FetchShape {
  let shape = shapes.get(query);
  if (!shape) {
    const operation = parse(query).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    const field =
      operation?.kind === Kind.OPERATION_DEFINITION
        ? operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD)
        : undefined;
    shape = {
      isQuery: operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === 'query',
      rootKey: field?.kind === Kind.FIELD ? (field.alias ?? field.name).value : undefined,
    };
    if (shapes.size >= MAX_SHAPES) shapes.clear();
    shapes.set(query, shape);
  }
  return shape;
}

/**
 * Where the missing data belongs, relative to the fetch: its first root
 * field, or for an entity fetch the first entity (the gateway maps
 * `_entities.<i>` onto the client's path).
 */
function pathOf(
  rootKey: string | undefined,
  variables: Record<string, unknown> | undefined,
): (string | number)[] | undefined {
  if (variables && 'representations' in variables) return ['_entities', 0];
  return rootKey === undefined ? undefined : [rootKey];
}

const MESSAGES: Record<Failure, (name: string) => string> = {
  TIMEOUT: (name) => `The ${name} service did not answer in time`,
  UNREACHABLE: (name) => `The ${name} service is unavailable`,
  BAD_RESPONSE: (name) => `The ${name} service answered with an error`,
};

function unavailable(
  name: string,
  reason: Failure,
  path: (string | number)[] | undefined,
): GraphQLResult {
  return {
    errors: [
      {
        message: MESSAGES[reason](name),
        path,
        extensions: { code: 'SUBGRAPH_UNAVAILABLE', reason },
      },
    ],
  };
}
