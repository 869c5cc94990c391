import { runSubgraph } from '@weace/service-kit';
import { usersSubgraph } from './index';

runSubgraph(usersSubgraph, process.env);
