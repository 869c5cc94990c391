import { serviceDatabase } from '@weace/service-kit';

/** The notifications service's own database; models bind to it at import, the bootstrap opens it. */
export const notificationsDb = serviceDatabase('notifications');
