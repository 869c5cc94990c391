import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import type { ValidationError } from 'class-validator';
import type { Logger } from 'pino';
import { currentRequestContext } from '../logging/request-context';
import { ErrorCode, isDuplicateKeyError } from './errors';

/** Codes graphql-js and Apollo Server set themselves; clients know them, so they pass as they are. */
const PROTOCOL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  // The gateway's: a subgraph did not answer (extensions.serviceName says which).
  'SUBGRAPH_UNAVAILABLE',
]);
const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), ...PROTOCOL_CODES]);

/** `profile.email: must be an email` for each failed constraint, nested inputs included. */
function describeValidation(
  errors: readonly ValidationError[],
  prefix = '',
): { field: string; message: string }[] {
  return errors.flatMap((error) => {
    const field = prefix + error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...describeValidation(error.children ?? [], `${field}.`)];
  });
}

/**
 * Turns whatever a resolver threw into what a client may see: our own errors
 * and GraphQL protocol errors pass; validation and duplicate-key failures
 * become BAD_USER_INPUT / CONFLICT naming the field; anything else is masked
 * as INTERNAL_SERVER_ERROR carrying the correlation id, and logged in full.
 */
export function createErrorFormatter(logger: Logger) {
  return function formatError(
    formatted: GraphQLFormattedError,
    error: unknown,
  ): GraphQLFormattedError {
    const original =
      error instanceof GraphQLError && error.originalError ? error.originalError : error;
    const base = {
      message: formatted.message,
      locations: formatted.locations,
      path: formatted.path,
    };

    if (original instanceof ArgumentValidationError) {
      const problems = describeValidation(
        original.extensions.validationErrors as readonly ValidationError[],
      );
      return {
        ...base,
        message: `Invalid input: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}`,
        extensions: {
          code: ErrorCode.BadUserInput,
          fields: [...new Set(problems.map((p) => p.field))],
        },
      };
    }
    if (isDuplicateKeyError(original)) {
      const fields = Object.keys(original.keyValue ?? {});
      return {
        ...base,
        message: `Already exists: ${fields.join(', ') || 'a unique value'} is taken`,
        extensions: { code: ErrorCode.Conflict, fields },
      };
    }
    // Apollo wraps validation errors in its own GRAPHQL_VALIDATION_FAILED; a
    // rule's own code from our list (an operation limit's) is the more precise.
    const ownCode = original instanceof GraphQLError ? original.extensions.code : undefined;
    if (
      original !== error &&
      typeof ownCode === 'string' &&
      ownCode !== formatted.extensions?.code &&
      (Object.values(ErrorCode) as string[]).includes(ownCode)
    ) {
      return { ...formatted, extensions: { ...formatted.extensions, code: ownCode } };
    }
    const code = formatted.extensions?.code;
    if (
      typeof code === 'string' &&
      KNOWN_CODES.has(code) &&
      code !== ErrorCode.InternalServerError
    ) {
      return formatted;
    }
    const requestId = currentRequestContext()?.requestId;
    logger.error({ err: original, path: formatted.path }, 'unexpected error in resolver');
    return {
      ...base,
      message: `Internal server error${requestId ? ` (request ${requestId})` : ''}`,
      extensions: { code: ErrorCode.InternalServerError, ...(requestId && { requestId }) },
    };
  };
}
