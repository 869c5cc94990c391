import { authSubgraph } from '@weace/auth';
import { coachingSubgraph } from '@weace/coaching';
import { eventsSubgraph } from '@weace/events-subgraph';
import { notificationsSubgraph } from '@weace/notifications';
import type { SubgraphDefinition } from '@weace/service-kit';
import { trainingSubgraph } from '@weace/training';
import { usersSubgraph } from '@weace/users';

/** Every subgraph that exists; `supergraph.yaml` lists the same names with their routing URLs. */
export const subgraphs: readonly SubgraphDefinition[] = [
  usersSubgraph,
  authSubgraph,
  trainingSubgraph,
  coachingSubgraph,
  eventsSubgraph,
  notificationsSubgraph,
];
