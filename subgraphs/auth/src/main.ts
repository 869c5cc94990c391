import { runSubgraph } from '@weace/service-kit';
import { authSubgraph } from './index';

runSubgraph(authSubgraph, { env: process.env, defaultPort: 3001 });
