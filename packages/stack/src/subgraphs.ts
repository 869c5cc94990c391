import { authSubgraph } from '@weace/auth';
import { engagementSubgraph } from '@weace/engagement';
import type { SubgraphDefinition } from '@weace/service-kit';
import { usersSubgraph } from '@weace/users';

/** Every subgraph that exists; `supergraph.yaml` lists the same names with their routing URLs. */
export const subgraphs: readonly SubgraphDefinition[] = [
  usersSubgraph,
  authSubgraph,
  engagementSubgraph,
];
