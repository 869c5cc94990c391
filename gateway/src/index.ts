export {
  createAccessTokenVerifier,
  type AccessTokenVerifier,
  type AccessTokenVerifierOptions,
  type CognitoIssuer,
  type LocalIssuer,
} from './auth/access-token-verifier';
export {
  CompositionError,
  type Composition,
  composeSupergraph,
  readSupergraphConfig,
  type SubgraphEntry,
  type SupergraphConfig,
} from './compose/compose';
export { loadGatewayConfig, type GatewayConfig } from './config';
export {
  startGateway,
  type GatewayOptions,
  type RunningGateway,
  type SupergraphSource,
} from './gateway';
export type { SubgraphEndpoint } from './health/subgraph-health';
