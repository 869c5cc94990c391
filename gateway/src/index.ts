// The issuers GatewayOptions.tokens accepts; the verifier itself lives in the service kit.
export type { CognitoIssuer, LocalIssuer, TokenVerifierOptions } from '@weace/service-kit';
export {
  CompositionError,
  type Composition,
  composeSupergraph,
  readSupergraphConfig,
  type SubgraphEntry,
  type SupergraphConfig,
} from './compose/compose';
export {
  startGateway,
  type GatewayOptions,
  type RunningGateway,
  type SupergraphSource,
} from './gateway';
export type { SubgraphEndpoint } from './health/subgraph-health';
export type { ProtectionOptions } from './protection-config';
// Partner administration: the `npm run partner` command and the end-to-end tests.
export { apiSchemaOf } from './partners/api-schema';
export { ManifestError, prepareManifest, type ManifestDocument } from './partners/manifest';
export { openPartnerStore, type PartnerStore } from './partners/partner-store';
