import { type ServiceContext, defineLoader } from '@weace/service-kit';
import { Types } from 'mongoose';
import {
  type RegistrationDocument,
  RegistrationModel,
  RegistrationStatus,
} from './registration.model';

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

/**
 * The live waitlist rank of WAITLISTED registrations (null for others): per
 * event, the waiting tickets up to the highest one asked for, in one
 * aggregation, so a page of 100 waiting people costs one query, not 100 counts.
 */
export const waitlistPosition = defineLoader<RegistrationDocument, number | null, ServiceContext>({
  name: 'waitlistPosition',
  cacheKey: (registration) => registration.id as string,
  async batch(registrations) {
    const highest = new Map<string, number>();
    for (const registration of registrations) {
      if (registration.status !== RegistrationStatus.WAITLISTED) continue;
      const event = registration.eventId.toHexString();
      highest.set(event, Math.max(highest.get(event) ?? 0, registration.waitlistTicket ?? 0));
    }
    if (highest.size === 0) return registrations.map(() => null);
    const rows = await RegistrationModel.aggregate<{ _id: Types.ObjectId; tickets: number[] }>([
      {
        $match: {
          $or: [...highest].map(([eventId, ticket]) => ({
            eventId: new Types.ObjectId(eventId),
            status: RegistrationStatus.WAITLISTED,
            waitlistTicket: { $lte: ticket },
          })),
        },
      },
      { $sort: { waitlistTicket: 1 } },
      { $group: { _id: '$eventId', tickets: { $push: '$waitlistTicket' } } },
    ]).exec();
    const ahead = new Map(rows.map((row) => [row._id.toHexString(), row.tickets]));
    return registrations.map((registration) => {
      if (registration.status !== RegistrationStatus.WAITLISTED) return null;
      const tickets = ahead.get(registration.eventId.toHexString()) ?? [];
      return tickets.filter((ticket) => ticket < registration.waitlistTicket!).length + 1;
    });
  },
});
