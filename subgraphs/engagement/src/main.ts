import { runSubgraph } from '@weace/service-kit';
import { engagementSubgraph } from './index';

runSubgraph(engagementSubgraph, process.env);
