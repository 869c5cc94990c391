import { runSubgraph } from '@weace/service-kit';
import { notificationsSubgraph } from './index';

runSubgraph(notificationsSubgraph, process.env);
