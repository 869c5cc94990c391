import { serviceDatabase } from '@weace/service-kit';

/** The coaching service's own database; models bind to it at import, the bootstrap opens it. */
export const coachingDb = serviceDatabase('coaching');
