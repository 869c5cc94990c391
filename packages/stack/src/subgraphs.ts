import { authSubgraph } from '@weace/auth';
import { notificationsSubgraph } from '@weace/notifications';
import type { SubgraphDefinition } from '@weace/service-kit';
import { usersSubgraph } from '@weace/users';

/** Every subgraph that exists; `supergraph.yaml` lists the same names with their routing URLs. */
export const subgraphs: readonly SubgraphDefinition[] = [
  usersSubgraph,
  authSubgraph,
  notificationsSubgraph,
];
