import { buildSchema, index, modelOptions, prop } from '@typegoose/typegoose';
import type { EventBus } from '@weace/events';
import type { ClientSession, Connection, Model } from 'mongoose';

/**
 * What a service knows of a person with a profile, as the users service last
 * announced it in a `user.*` event.
 */
@index({ subject: 1 })
@index({ email: 1 })
@index({ department: 1 })
@modelOptions({ schemaOptions: { collection: 'people', versionKey: false } })
class PersonDocument {
  /** Their `User.id`. */
  @prop({ required: true, type: String })
  _id!: string;

  /** The identity provider's subject of their account. */
  @prop({ required: true, type: String })
  subject!: string;

  @prop({ required: true, type: String })
  email!: string;

  @prop({ required: true, type: String })
  name!: string;

  @prop({ type: String, default: null })
  locale!: string | null;

  /** IANA zone, e.g. `Europe/Lisbon`; null when the person set none. */
  @prop({ type: String, default: null })
  timeZone!: string | null;

  @prop({ type: String, default: null })
  department!: string | null;

  @prop({ type: [String], default: [] })
  roles!: string[];

  @prop({ required: true, type: String })
  status!: 'PENDING' | 'ACTIVE' | 'DISABLED';
}

/** A person in a service's directory, named by their `User.id`. */
export type Person = Omit<PersonDocument, '_id'> & { readonly id: string };

function personOf({ _id, ...rest }: PersonDocument): Person {
  return { id: _id, ...rest };
}

/**
 * A service's own copy of the people it serves (collection `people` in its
 * database), kept from the users service's `user.*` events, so names, emails,
 * departments and time zones are read locally and never asked of users.
 * Latest only: a late redelivery cannot bring back an older email or a
 * deleted person. The service's own reactions to `user.deleted` (erasure,
 * cancellations) are consumers of its own.
 */
export class PeopleDirectory {
  readonly model: Model<PersonDocument>;

  constructor(events: EventBus, connection: Connection) {
    // One model per connection, also when a process starts the service again.
    this.model = (connection.models.Person ??
      connection.model('Person', buildSchema(PersonDocument))) as unknown as Model<PersonDocument>;
    events.subscribe(
      'people',
      ['user.registered', 'user.confirmed', 'user.updated', 'user.deleted'],
      async (event, { session }) => {
        if (event.type === 'user.deleted') {
          await this.model.deleteOne({ _id: event.subject }).session(session).exec();
          return;
        }
        const { id, ...person } = (event.payload as { user: Person }).user;
        await this.model.updateOne({ _id: id }, { $set: person }, { upsert: true, session }).exec();
      },
      { latestOnly: true },
    );
  }

  async find(userId: string, session?: ClientSession): Promise<Person | null> {
    const found = await this.model
      .findById(userId)
      .session(session ?? null)
      .lean<PersonDocument>()
      .exec();
    return found && personOf(found);
  }

  /** The people among `userIds` the directory knows, in no particular order. */
  async findMany(userIds: readonly string[]): Promise<Person[]> {
    const found = await this.model
      .find({ _id: { $in: [...new Set(userIds)] } })
      .lean<PersonDocument[]>()
      .exec();
    return found.map(personOf);
  }

  async findBySubject(subject: string): Promise<Person | null> {
    const found = await this.model.findOne({ subject }).lean<PersonDocument>().exec();
    return found && personOf(found);
  }

  async findByEmail(email: string): Promise<Person | null> {
    const found = await this.model
      .findOne({ email: email.trim().toLowerCase() })
      .lean<PersonDocument>()
      .exec();
    return found && personOf(found);
  }
}
