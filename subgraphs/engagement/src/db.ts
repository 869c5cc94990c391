import { serviceDatabase } from '@weace/service-kit';

/** The engagement service's own database; models bind to it at import, the bootstrap opens it. */
export const engagementDb = serviceDatabase('engagement');
