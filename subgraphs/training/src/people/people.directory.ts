import { getModelForClass, modelOptions, prop } from '@typegoose/typegoose';
import type { EventBus } from '@weace/events';
import { trainingDb } from '../db';
import type { People, Person } from './people';

// Stand-in until the kit's `subscribePeopleDirectory` lands on main; same shape, same events.
@modelOptions({ schemaOptions: { collection: 'people' } })
class PersonRecord {
  @prop({ required: true })
  _id!: string;

  @prop({ required: true })
  name!: string;

  @prop({ type: String, default: null })
  department!: string | null;
}

const PersonModel = getModelForClass(PersonRecord, { existingConnection: trainingDb });

/** Keeps the names and departments of people from `user.*` events (latest only). */
export function subscribePeople(events: EventBus): People {
  events.subscribe(
    'people',
    ['user.registered', 'user.confirmed', 'user.updated', 'user.deleted'],
    async (event, { session }) => {
      if (event.type === 'user.deleted') {
        await PersonModel.deleteOne({ _id: event.payload.userId }, { session }).exec();
        return;
      }
      const { id, name, department } = event.payload.user;
      await PersonModel.updateOne(
        { _id: id },
        { $set: { name, department } },
        { upsert: true, session },
      ).exec();
    },
    { latestOnly: true },
  );
  return {
    find: (userId) => PersonModel.findById(userId).lean<Person>().exec(),
    findMany: (userIds) =>
      PersonModel.find({ _id: { $in: userIds } })
        .lean<Person[]>()
        .exec(),
    idsInDepartment: (department) =>
      PersonModel.distinct('_id', { department }).exec() as Promise<string[]>,
  };
}
