import { serviceDatabase } from '@weace/service-kit';

/** The events service's own database; models bind to it at import, the bootstrap opens it. */
export const eventsDb = serviceDatabase('events');
