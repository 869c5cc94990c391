import { type ServiceContext, byKeys, defineLoader } from '@weace/service-kit';
import { Types } from 'mongoose';
import { RegistrationModel, RegistrationStatus } from '../registration/registration.model';
import { type EventDocument, EventModel } from './event.model';

/** Events by id, one `find` per request (registrations' `event`, entity references). */
export const eventById = defineLoader<string, EventDocument | null, ServiceContext>({
  name: 'eventById',
  async batch(ids) {
    const valid = ids.filter((id) => Types.ObjectId.isValid(id) && id.length === 24);
    const events = valid.length ? await EventModel.find({ _id: { $in: valid } }).exec() : [];
    return byKeys(ids, events, (event) => event.id as string);
  },
});

/** How many wait on each event, one aggregation per request. */
export const waitlistLength = defineLoader<string, number, ServiceContext>({
  name: 'waitlistLength',
  async batch(eventIds) {
    const rows = await RegistrationModel.aggregate<{ _id: Types.ObjectId; count: number }>([
      {
        $match: {
          eventId: { $in: eventIds.map((id) => new Types.ObjectId(id)) },
          status: RegistrationStatus.WAITLISTED,
        },
      },
      { $group: { _id: '$eventId', count: { $sum: 1 } } },
    ]).exec();
    const counts = new Map(rows.map((row) => [row._id.toHexString(), row.count]));
    return eventIds.map((id) => counts.get(id) ?? 0);
  },
});
