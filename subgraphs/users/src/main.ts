import { runSubgraph } from '@weace/service-kit';
import { usersSubgraph } from './index';

runSubgraph(usersSubgraph, { env: process.env, defaultPort: 3002 });
