import type { EventBus } from '@weace/events';
import { PersonModel } from './person.model';

/**
 * Mirrors the users service's `user.*` events into auth's directory of
 * people. Latest only, so a late redelivery cannot bring back an older email
 * or a deleted person.
 */
export function subscribeDirectory(events: EventBus): void {
  events.subscribe(
    'directory',
    ['user.registered', 'user.confirmed', 'user.updated', 'user.deleted'],
    async (event, { session }) => {
      if (event.type === 'user.deleted') {
        await PersonModel.deleteOne({ _id: event.subject }).session(session).exec();
        return;
      }
      const { user } = event.payload as { user: { id: string; subject: string; email: string } };
      await PersonModel.updateOne(
        { _id: user.id },
        { $set: { subject: user.subject, email: user.email } },
        { upsert: true, session },
      ).exec();
    },
    { latestOnly: true },
  );
}
