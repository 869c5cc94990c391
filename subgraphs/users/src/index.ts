import type { SubgraphDefinition } from '@weace/service-kit';
import { buildUsersSchema } from './schema';

export { seedDemoOrganisation } from './seed/demo-organisation';

/** Profiles, search, followers and preferences; database `weace_users`. */
export const usersSubgraph: SubgraphDefinition = {
  name: 'users',
  buildSchema: buildUsersSchema,
};
