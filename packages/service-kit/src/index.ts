import 'reflect-metadata';

export { ConfigError, envVar, parseEnv, type Env } from './config/env';
export type { ServiceConfig } from './config/service-config';
export { databaseName, openDatabase, serviceDatabase } from './data/database';
export { isObjectIdHex, parseObjectId } from './data/object-id';
export { byKeys, defineLoader, RequestLoaders, type LoaderDefinition } from './data/loaders';
export {
  BadUserInputError,
  ConflictError,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  httpStatusOf,
  isDuplicateKeyError,
  type DuplicateKeyError,
} from './errors/errors';
export { PeopleDirectory, type Person } from './events/people-directory';
export { createErrorFormatter } from './errors/normalize';
export {
  ConnectionType,
  ForwardPageArgs,
  MAX_PAGE_SIZE,
  PageArgs,
  PageInfo,
  decodeCursor,
  paginate,
  toConnection,
  type Connection,
  type PaginateOptions,
  type SortDirection,
} from './graphql/connection';
export {
  ServicesOnly,
  callerUserId,
  createServiceContext,
  identityOf,
  requireIdentity,
  type ServiceContext,
  type ServiceContextOptions,
} from './graphql/context';
export { IsLanguageTag, LANGUAGE_TAG, OmittableNotNull, givenFields } from './graphql/input-fields';
export {
  createLocalExecutor,
  type LocalExecutor,
  type LocalOperationOptions,
  type OperationResult,
} from './graphql/execute-locally';
export { GraphQLRole } from './graphql/role';
export {
  createServiceClient,
  type ServiceClientOptions,
  type ServiceRequest,
} from './graphql/service-client';
export {
  buildTypeGraphQLSubgraph,
  type ReferenceResolvers,
  type SubgraphSchemaOptions,
} from './graphql/subgraph-schema';
export { createHttpApp, type HttpAppOptions } from './http/http-app';
export { listen, type Listening } from './http/listen';
export { ANONYMOUS, Role, rolesFromGroups, type Caller, type Identity } from './identity/identity';
export {
  INTERNAL_TOKEN_HEADER,
  createInternalTokens,
  type InternalRequest,
  type InternalTokens,
  type InternalTokenOptions,
  type InternalTokenSecret,
  type RequestOrigin,
  type SignOptions,
} from './identity/internal-token';
export {
  createAccessTokenVerifier,
  createTokenVerifier,
  type AccessTokenVerifier,
  type CognitoIssuer,
  type JwtPayload,
  type LocalIssuer,
  type TokenUse,
  type TokenVerifier,
  type TokenVerifierOptions,
} from './identity/token-verifier';
export { createLogger, type Logger, type LoggerOptions } from './logging/logger';
export {
  injectTraceContext,
  startTracing,
  tracingStarted,
  type Tracing,
  type TracingOptions,
} from './tracing/tracing';
export { REQUEST_ID_HEADER, currentRequestContext, requestIdFrom } from './logging/request-context';
export { createMetrics, type Metrics, type MetricsOptions } from './metrics/metrics';
export { runSubgraph } from './subgraph/run-subgraph';
export {
  startSubgraph,
  type RunningService,
  type StartSubgraphOptions,
} from './subgraph/start-subgraph';
export {
  subgraphSchema,
  type DemoProfile,
  type StartedServices,
  type SubgraphDefinition,
  type SubgraphRuntime,
} from './subgraph/subgraph-definition';
