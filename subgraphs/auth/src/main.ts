import { runSubgraph } from '@weace/service-kit';
import { authSubgraph } from './index';

runSubgraph(authSubgraph, process.env);
