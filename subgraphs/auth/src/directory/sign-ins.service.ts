import type { EventBus } from '@weace/events';
import type { Directory } from './directory.service';

/** Announces sign-ins (`user.signedIn`), which engagement counts as activity. */
export class SignIns {
  constructor(
    private readonly events: EventBus,
    private readonly directory: Directory,
  ) {}

  async announce(account: { subject: string; email: string }, method: 'PASSWORD' | 'SSO') {
    const userId = await this.directory.userIdOf(account.subject);
    await this.events.withTransaction((session) =>
      this.events.publish(session, {
        type: 'user.signedIn',
        subject: account.subject,
        payload: {
          subject: account.subject,
          email: account.email.trim().toLowerCase(),
          userId,
          method,
        },
        ...(userId && { actorId: userId }),
      }),
    );
  }
}
