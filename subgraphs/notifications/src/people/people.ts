import type { Connection } from 'mongoose';

/**
 * A person as the people directory keeps them from the `user.*` events
 * (service-kit's `subscribePeopleDirectory`): addresses, locale and time
 * zone never come from calling users.
 */
export interface Person {
  readonly _id: string;
  readonly subject: string;
  readonly email: string;
  readonly name: string;
  readonly locale: string | null;
  readonly timeZone: string | null;
  readonly department: string | null;
  readonly roles: readonly string[];
  readonly status: string;
}

/** Who receives an announcement: listed people, everybody with a role, or a department. */
export interface AudienceFilter {
  readonly userIds?: readonly string[];
  readonly role?: string;
  readonly department?: string;
}

/** Reads of the `people` collection the directory keeps in this service's database. */
export class People {
  constructor(private readonly connection: Connection) {}

  private get collection() {
    return this.connection.collection<Person>('people');
  }

  async findMany(userIds: readonly string[]): Promise<Map<string, Person>> {
    if (!userIds.length) return new Map();
    const people = await this.collection.find({ _id: { $in: [...new Set(userIds)] } }).toArray();
    return new Map(people.map((person) => [person._id, person as Person]));
  }

  /** The ids of active people with `role`, e.g. every ADMIN for a digest. */
  async idsWithRole(role: string): Promise<string[]> {
    const people = await this.collection
      .find({ roles: role, status: { $ne: 'DISABLED' } }, { projection: { _id: 1 } })
      .toArray();
    return people.map((person) => person._id);
  }

  /** The audience's ids after `afterId`, in id order: one fan-out batch. */
  async audienceBatch(audience: AudienceFilter, afterId: string | null, size: number) {
    const people = await this.collection
      .find(
        { $and: [audienceQuery(audience), afterId === null ? {} : { _id: { $gt: afterId } }] },
        { projection: { _id: 1 } },
      )
      .sort({ _id: 1 })
      .limit(size)
      .toArray();
    return people.map((person) => person._id);
  }

  countAudience(audience: AudienceFilter): Promise<number> {
    return this.collection.countDocuments(audienceQuery(audience));
  }
}

function audienceQuery(audience: AudienceFilter): Record<string, unknown> {
  return {
    status: { $ne: 'DISABLED' },
    ...(audience.userIds && { _id: { $in: [...audience.userIds] } }),
    ...(audience.role && { roles: audience.role }),
    ...(audience.department && { department: audience.department }),
  };
}
