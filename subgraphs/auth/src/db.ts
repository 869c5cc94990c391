import { serviceDatabase } from '@weace/service-kit';

/** The auth service's own database; models bind to it at import, the bootstrap opens it. */
export const authDb = serviceDatabase('auth');
