import type {
  ApolloServerPlugin,
  BaseContext,
  GraphQLRequestContextDidResolveOperation,
  GraphQLRequestListener,
} from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { ErrorCode, httpStatusOf } from '@weace/service-kit';
import {
  type ASTVisitor,
  GraphQLError,
  Kind,
  type ParseOptions,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { type CostOptions, operationCost } from './operation-cost';

/** Each limit is on unless set to 0. */
export interface OperationLimitsOptions extends CostOptions {
  /** Deepest field nesting, fragments followed; introspection is exempt. Default 10. */
  readonly maxDepth?: number;
  /** Aliases in one operation (`__typename` aliases are free). Default 15. */
  readonly maxAliases?: number;
  /** Top-level fields of one operation, fragments included. Default 10. */
  readonly maxRootFields?: number;
  /** Lexical tokens of one document, counted while parsing, which stops at the limit. Default 2,000. */
  readonly maxTokens?: number;
  /** Directives in one document. Default 20. */
  readonly maxDirectives?: number;
  /** Estimated cost of one operation (see {@link operationCost}). Default 5,000. */
  readonly maxCost?: number;
}

export const OPERATION_LIMIT_DEFAULTS = {
  maxDepth: 10,
  maxAliases: 15,
  maxRootFields: 10,
  maxTokens: 2_000,
  maxDirectives: 20,
  maxCost: 5_000,
} as const;

export interface OperationLimits {
  /** For ApolloServer's `validationRules`: depth, aliases, directives, root fields. */
  readonly validationRules: ValidationRule[];
  /** For ApolloServer's `parseOptions`: the token limit. */
  readonly parseOptions: ParseOptions;
  /** Refuses an operation over its cost, and gives the token limit its own code. */
  readonly plugin: ApolloServerPlugin<BaseContext>;
  /** The estimated cost of a resolved operation, computed once per request. */
  costOf(requestContext: GraphQLRequestContextDidResolveOperation<BaseContext>): number;
}

function limitError(code: ErrorCode, message: string, limit: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, limit, http: { status: httpStatusOf[code] } },
  });
}

/**
 * Runs a GraphQL Armor rule with its refusal reported as a validation error
 * carrying our code, instead of thrown (a throw inside `validate` would
 * escape Apollo Server as an internal error).
 */
function armorRule(
  code: ErrorCode,
  limit: number,
  make: (
    onReject: (context: ValidationContext | null, error: GraphQLError) => void,
  ) => ValidationRule,
): ValidationRule {
  return make((context, error) => {
    context?.reportError(limitError(code, error.message.replace(/^Syntax Error: /, ''), limit));
  });
}

function rootFieldCount(context: ValidationContext, selectionSet: SelectionSetNode): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value !== '__typename') count += 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += rootFieldCount(context, selection.selectionSet);
    } else {
      const fragment = context.getFragment(selection.name.value);
      if (fragment) count += rootFieldCount(context, fragment.selectionSet);
    }
  }
  return count;
}

function maxRootFieldsRule(limit: number): ValidationRule {
  return (context): ASTVisitor => ({
    OperationDefinition(operation) {
      const count = rootFieldCount(context, operation.selectionSet);
      if (count > limit) {
        context.reportError(
          limitError(
            ErrorCode.RootFieldLimitExceeded,
            `Root field limit of ${limit} exceeded, found ${count}.`,
            limit,
          ),
        );
      }
    },
  });
}

// graphql-js 16 spells it "more that".
const TOKEN_LIMIT_MESSAGE = /^Syntax Error: Document contains more (?:than|that) (\d+) tokens/;

/**
 * Operation limits, on by default: GraphQL Armor's depth, alias and directive
 * rules, our root-field rule, graphql-js's own token limit (it aborts the
 * parse), and a cost estimate checked once the variables are known.
 */
export function createOperationLimits(options: OperationLimitsOptions = {}): OperationLimits {
  const limits = { ...OPERATION_LIMIT_DEFAULTS, ...options };
  const validationRules: ValidationRule[] = [];
  const armor = { exposeLimits: true, propagateOnRejection: false };
  if (limits.maxDepth > 0) {
    validationRules.push(
      armorRule(ErrorCode.DepthLimitExceeded, limits.maxDepth, (reject) =>
        maxDepthRule({ ...armor, n: limits.maxDepth, flattenFragments: true, onReject: [reject] }),
      ),
    );
  }
  if (limits.maxAliases > 0) {
    validationRules.push(
      armorRule(ErrorCode.AliasLimitExceeded, limits.maxAliases, (reject) =>
        maxAliasesRule({ ...armor, n: limits.maxAliases, onReject: [reject] }),
      ),
    );
  }
  if (limits.maxDirectives > 0) {
    validationRules.push(
      armorRule(ErrorCode.DirectiveLimitExceeded, limits.maxDirectives, (reject) =>
        maxDirectivesRule({ ...armor, n: limits.maxDirectives, onReject: [reject] }),
      ),
    );
  }
  if (limits.maxRootFields > 0) validationRules.push(maxRootFieldsRule(limits.maxRootFields));

  const costs = new WeakMap<object, number>();
  const costOf: OperationLimits['costOf'] = ({ schema, document, operation, request }) => {
    let cost = costs.get(request);
    if (!operation) return 0;
    if (cost === undefined) {
      cost = operationCost(schema, document, operation, request.variables, options);
      costs.set(request, cost);
    }
    return cost;
  };

  const listener: GraphQLRequestListener<BaseContext> = {
    async didResolveOperation(requestContext) {
      if (limits.maxCost <= 0) return;
      const cost = costOf(requestContext);
      if (cost > limits.maxCost) {
        throw limitError(
          ErrorCode.CostLimitExceeded,
          `Estimated cost of ${cost} exceeds the limit of ${limits.maxCost}; ask for fewer items.`,
          limits.maxCost,
        );
      }
    },
    async willSendResponse({ response }) {
      // graphql-js reports its token limit as a plain syntax error.
      if (response.body.kind !== 'single') return;
      for (const error of response.body.singleResult.errors ?? []) {
        const match = TOKEN_LIMIT_MESSAGE.exec(error.message);
        if (!match || error.extensions?.code !== 'GRAPHQL_PARSE_FAILED') continue;
        Object.assign(error, {
          message: `Token limit of ${match[1]} exceeded.`,
          extensions: { code: ErrorCode.TokenLimitExceeded, limit: limits.maxTokens },
        });
      }
    },
  };

  return {
    validationRules,
    parseOptions: limits.maxTokens > 0 ? { maxTokens: limits.maxTokens } : {},
    plugin: { requestDidStart: async () => listener },
    costOf,
  };
}
