import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveOperation } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { ErrorCode } from '@weace/service-kit';
import {
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import type { GatewayContext } from '../gateway-context';
import { clientKeyOf } from './client-key';
import {
  type NamedLimiter,
  type RateLimit,
  type RateLimiterFactory,
  type Refusal,
  charge,
  refusalHeaders,
  refusalMessage,
} from './rate-limiters';

type ResolvedRequest = GraphQLRequestContextDidResolveOperation<GatewayContext>;

export interface OperationRateLimitOptions {
  readonly limiters: RateLimiterFactory;
  /** The estimated cost of the operation (the operation limits compute it once). */
  readonly costOf: (requestContext: ResolvedRequest) => number;
  /**
   * Operations per caller per window: per person when signed in, per partner
   * application otherwise when it has a key, else per client IP. Default 300 per 60 s.
   */
  readonly requests?: RateLimit;
  /** Estimated cost per caller per window. Default 20,000 per 60 s. */
  readonly cost?: RateLimit;
  /**
   * Stricter limits of sensitive root mutations, each counted per occurrence
   * (30 aliases are 30 attempts), by client IP and by the email it targets.
   * Merged over {@link SENSITIVE_MUTATION_DEFAULTS}.
   */
  readonly sensitive?: Readonly<Record<string, RateLimit>>;
}

export const OPERATION_RATE_LIMIT_DEFAULTS = {
  requests: { points: 300, windowSeconds: 60 },
  cost: { points: 20_000, windowSeconds: 60 },
} as const satisfies Record<string, RateLimit>;

/** Attempts per client IP, and per target email, in 15 minutes. */
export const SENSITIVE_MUTATION_DEFAULTS: Readonly<Record<string, RateLimit>> = {
  login: { points: 30, windowSeconds: 900 },
  register: { points: 10, windowSeconds: 900 },
  forgotPassword: { points: 5, windowSeconds: 900 },
  confirmRegistration: { points: 10, windowSeconds: 900 },
  confirmForgotPassword: { points: 10, windowSeconds: 900 },
  refreshTokens: { points: 60, windowSeconds: 900 },
};

/** One root field of the operation: its name and the email it targets, if any. */
interface RootField {
  readonly name: string;
  readonly email?: string;
}

function rootFields(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  variables: Readonly<Record<string, unknown>>,
): RootField[] {
  return selectionSet.selections.flatMap((selection): RootField[] => {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      return rootFields(selection.selectionSet, fragments, variables);
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      return fragment ? rootFields(fragment.selectionSet, fragments, variables) : [];
    }
    // `email: …` or `input: { email: … }` (register).
    let email: unknown;
    for (const arg of selection.arguments ?? []) {
      const value: unknown = valueFromASTUntyped(arg.value, variables);
      if (arg.name.value === 'email') email = value;
      else if (typeof value === 'object' && value !== null && 'email' in value) {
        email = (value as { email: unknown }).email;
      }
    }
    return [
      {
        name: selection.name.value,
        ...(typeof email === 'string' && { email: email.trim().toLowerCase() }),
      },
    ];
  });
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');

/**
 * Budgets that need the verified caller and the validated operation, checked
 * at `didResolveOperation`, before any subgraph is called: sensitive
 * mutations first (per occurrence, by IP and target email), then the
 * caller's request and cost budgets. A refusal is a 429 with `Retry-After`,
 * `RateLimit` and `RateLimit-Policy`, and RATE_LIMITED.
 */
export function operationRateLimit(
  options: OperationRateLimitOptions,
): ApolloServerPlugin<GatewayContext> {
  const { limiters } = options;
  const sensitive = new Map(
    Object.entries({ ...SENSITIVE_MUTATION_DEFAULTS, ...options.sensitive }).map(
      ([name, limit]) => [name, limiters(`mutation-${name}`, limit)],
    ),
  );
  const budgets = new Map<string, NamedLimiter>();
  /** One limiter per distinct limit, since partners may have their own. */
  const budget = (name: 'requests' | 'cost', limit: RateLimit): NamedLimiter => {
    const key = `${name}:${limit.points}/${limit.windowSeconds}`;
    let limiter = budgets.get(key);
    if (!limiter) budgets.set(key, (limiter = limiters(name, limit)));
    return limiter;
  };
  const requests = options.requests ?? OPERATION_RATE_LIMIT_DEFAULTS.requests;
  const cost = options.cost ?? OPERATION_RATE_LIMIT_DEFAULTS.cost;

  async function check(requestContext: ResolvedRequest): Promise<Refusal | undefined> {
    const { contextValue, operation, document, request } = requestContext;
    const ip = clientKeyOf(contextValue.clientIp);
    if (operation?.operation === 'mutation') {
      const fragments = new Map(
        document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      const charges = new Map<string, { limiter: NamedLimiter; points: number }>();
      for (const field of rootFields(operation.selectionSet, fragments, request.variables ?? {})) {
        const limiter = sensitive.get(field.name);
        if (!limiter) continue;
        for (const key of [`ip:${ip}`, ...(field.email ? [`email:${digest(field.email)}`] : [])]) {
          const id = `${field.name}|${key}`;
          const entry = charges.get(id) ?? { limiter, points: 0 };
          charges.set(id, { ...entry, points: entry.points + 1 });
        }
      }
      for (const [id, { limiter, points }] of charges) {
        const refusal = await charge(limiter, id.slice(id.indexOf('|') + 1), points);
        if (refusal) return refusal;
      }
    }
    const { caller, partner } = contextValue;
    const callerKey =
      caller.kind === 'user'
        ? `user:${caller.identity.sub}`
        : partner
          ? `partner:${partner.id}`
          : `ip:${ip}`;
    const own = caller.kind !== 'user' ? partner : undefined;
    return (
      (await charge(budget('requests', own?.requests ?? requests), callerKey)) ??
      (await charge(budget('cost', own?.cost ?? cost), callerKey, options.costOf(requestContext)))
    );
  }

  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const refusal = await check(requestContext);
          if (!refusal) return;
          throw new GraphQLError(refusalMessage(refusal), {
            extensions: {
              code: ErrorCode.RateLimited,
              retryAfterSeconds: refusal.retryAfterSeconds,
              http: {
                status: 429,
                headers: new HeaderMap(Object.entries(refusalHeaders(refusal))),
              },
            },
          });
        },
      };
    },
  };
}
