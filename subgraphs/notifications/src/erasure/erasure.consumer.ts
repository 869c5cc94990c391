import type { EventBus } from '@weace/events';
import { getModelForClass, modelOptions, prop } from '@typegoose/typegoose';
import { notificationsDb } from '../db';
import { DeliveryModel } from '../delivery/delivery.model';
import { NotificationModel } from '../notification/notification.model';
import { PreferencesModel } from '../preferences/preferences.model';
import { StreamTicketModel } from '../stream/stream-ticket.model';
import { RegistrantModel } from '../template/registrant.model';

/** Deliveries of erased people, as counts per category, channel and status: no person in them. */
@modelOptions({ schemaOptions: { collection: 'erased_delivery_counts', versionKey: false } })
export class ErasedDeliveryCount {
  /** `<category>:<channel>:<status>` */
  @prop({ required: true })
  _id!: string;

  @prop({ required: true })
  count!: number;
}

export const ErasedDeliveryCountModel = getModelForClass(ErasedDeliveryCount, {
  existingConnection: notificationsDb,
});

/**
 * `user.deleted`: the person's preferences (phone number, push subscriptions),
 * inbox and stream tickets go; their delivery history is folded into
 * anonymous counts. (The people directory drops their name and email itself.)
 */
export function subscribeErasure(events: EventBus): void {
  events.subscribe('erasure', ['user.deleted'], async (event, { session }) => {
    const { userId } = event.payload;
    const counts = await DeliveryModel.aggregate<{
      _id: { category: string; channel: string; status: string };
      count: number;
    }>([
      { $match: { userId } },
      {
        $group: {
          _id: { category: '$category', channel: '$channel', status: '$status' },
          count: { $sum: 1 },
        },
      },
    ]).session(session);
    for (const { _id, count } of counts) {
      await ErasedDeliveryCountModel.updateOne(
        { _id: `${_id.category}:${_id.channel}:${_id.status}` },
        { $inc: { count } },
        { upsert: true, session },
      );
    }
    await DeliveryModel.deleteMany({ userId }, { session });
    await NotificationModel.deleteMany({ userId }, { session });
    await PreferencesModel.deleteOne({ _id: userId }, { session });
    await StreamTicketModel.deleteMany({ userId }, { session });
    await RegistrantModel.deleteMany({ userId }, { session });
  });
}
