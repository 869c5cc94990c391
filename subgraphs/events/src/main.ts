import { runSubgraph } from '@weace/service-kit';
import { eventsSubgraph } from './index';

runSubgraph(eventsSubgraph, process.env);
