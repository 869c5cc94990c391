import { runSubgraph } from '@weace/service-kit';
import { coachingSubgraph } from './index';

runSubgraph(coachingSubgraph, process.env);
