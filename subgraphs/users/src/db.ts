import { serviceDatabase } from '@weace/service-kit';

/** The users service's own database; models bind to it at import, the bootstrap opens it. */
export const usersDb = serviceDatabase('users');
