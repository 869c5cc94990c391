import { type ServiceContext, defineLoader } from '@weace/service-kit';
import { Types } from 'mongoose';
import { type RegistrationDocument, RegistrationModel } from './registration.model';

export interface PersonAtEvent {
  readonly eventId: string;
  readonly userId: string;
}

/**
 * A person's registration at each event, one `find` per request: the live one
 * if any, else the latest (a cancelled or expired one still tells its story).
 */
export const registrationOfPerson = defineLoader<
  PersonAtEvent,
  RegistrationDocument | null,
  ServiceContext
>({
  name: 'registrationOfPerson',
  cacheKey: ({ eventId, userId }) => `${eventId}:${userId}`,
  async batch(keys) {
    const registrations = await RegistrationModel.find({
      $or: keys.map(({ eventId, userId }) => ({ eventId: new Types.ObjectId(eventId), userId })),
    })
      .sort({ _id: 1 })
      .exec();
    return keys.map(({ eventId, userId }) => {
      const mine = registrations.filter(
        (registration) =>
          registration.eventId.toHexString() === eventId && registration.userId === userId,
      );
      return mine.find((registration) => registration.live) ?? mine.at(-1) ?? null;
    });
  },
});
