import { runSubgraph } from '@weace/service-kit';
import { trainingSubgraph } from './index';

runSubgraph(trainingSubgraph, process.env);
