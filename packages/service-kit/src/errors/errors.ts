import { GraphQLError, type GraphQLErrorOptions } from 'graphql';

/** The `extensions.code` values clients can rely on (ARCHITECTURE.md, API conventions). */
export enum ErrorCode {
  BadUserInput = 'BAD_USER_INPUT',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  RateLimited = 'RATE_LIMITED',
  PersistedQueryNotFound = 'PERSISTED_QUERY_NOT_FOUND',
  /** A partner sent query text instead of a document id. */
  PersistedQueryIdRequired = 'PERSISTED_QUERY_ID_REQUIRED',
  /** A partner's document id is not in its manifest. */
  PersistedQueryNotInList = 'PERSISTED_QUERY_NOT_IN_LIST',
  // The gateway's operation limits, one code each.
  DepthLimitExceeded = 'DEPTH_LIMIT_EXCEEDED',
  AliasLimitExceeded = 'ALIAS_LIMIT_EXCEEDED',
  RootFieldLimitExceeded = 'ROOT_FIELD_LIMIT_EXCEEDED',
  TokenLimitExceeded = 'TOKEN_LIMIT_EXCEEDED',
  DirectiveLimitExceeded = 'DIRECTIVE_LIMIT_EXCEEDED',
  CostLimitExceeded = 'COST_LIMIT_EXCEEDED',
  BodyTooLarge = 'BODY_TOO_LARGE',
  InternalServerError = 'INTERNAL_SERVER_ERROR',
}

/** The HTTP status a transport answers with when the error ends the request. */
export const httpStatusOf: Readonly<Record<ErrorCode, number>> = {
  [ErrorCode.BadUserInput]: 400,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.RateLimited]: 429,
  [ErrorCode.PersistedQueryNotFound]: 200,
  [ErrorCode.PersistedQueryIdRequired]: 400,
  [ErrorCode.PersistedQueryNotInList]: 404,
  [ErrorCode.DepthLimitExceeded]: 400,
  [ErrorCode.AliasLimitExceeded]: 400,
  [ErrorCode.RootFieldLimitExceeded]: 400,
  [ErrorCode.TokenLimitExceeded]: 400,
  [ErrorCode.DirectiveLimitExceeded]: 400,
  [ErrorCode.CostLimitExceeded]: 400,
  [ErrorCode.BodyTooLarge]: 413,
  [ErrorCode.InternalServerError]: 500,
};

type Extensions = Record<string, unknown>;

function options(code: ErrorCode, extensions: Extensions = {}): GraphQLErrorOptions {
  return { extensions: { ...extensions, code } };
}

/** One field (or several) of the input is wrong; `field` names it for clients and humans. */
export class BadUserInputError extends GraphQLError {
  constructor(message: string, field?: string | readonly string[], extensions?: Extensions) {
    const fields = field === undefined ? undefined : typeof field === 'string' ? [field] : field;
    super(message, options(ErrorCode.BadUserInput, { ...extensions, ...(fields && { fields }) }));
  }
}

export class UnauthenticatedError extends GraphQLError {
  constructor(message = 'Authentication required') {
    super(message, options(ErrorCode.Unauthenticated));
  }
}

/** `reason` names the domain's rule (e.g. CANCELLATION_WINDOW_CLOSED) for clients to branch on. */
export class ForbiddenError extends GraphQLError {
  constructor(message = 'Not allowed', reason?: string) {
    super(message, options(ErrorCode.Forbidden, reason ? { reason } : {}));
  }
}

export class NotFoundError extends GraphQLError {
  constructor(what: string, id?: string) {
    super(
      id === undefined ? `${what} not found` : `${what} ${id} not found`,
      options(ErrorCode.NotFound),
    );
  }
}

/** `reason` names the clash (e.g. SLOT_TAKEN) for clients to branch on. */
export class ConflictError extends GraphQLError {
  constructor(message: string, field?: string, reason?: string) {
    super(
      message,
      options(ErrorCode.Conflict, { ...(field && { fields: [field] }), ...(reason && { reason }) }),
    );
  }
}

export class RateLimitedError extends GraphQLError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      `Too many requests; retry in ${retryAfterSeconds} s`,
      options(ErrorCode.RateLimited, { retryAfterSeconds }),
    );
  }
}

/** The driver's error for a write that hit a unique index (E11000), with the clashing values. */
export interface DuplicateKeyError {
  code: 11000;
  keyValue?: Record<string, unknown>;
}

/**
 * Resolvers may let these through (they become CONFLICT); services test for
 * them where a clash is the expected, harmless outcome of a race.
 */
export function isDuplicateKeyError(error: unknown): error is DuplicateKeyError {
  return (
    typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000
  );
}
