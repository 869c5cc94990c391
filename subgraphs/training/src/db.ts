import { serviceDatabase } from '@weace/service-kit';

/** The training service's own database; models bind to it at import, the bootstrap opens it. */
export const trainingDb = serviceDatabase('training');
