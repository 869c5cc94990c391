import type { PeopleDirectory, Person } from '@weace/service-kit';

export type { Person };

/** Who receives an announcement: listed people, everybody with a role, or a department. */
export interface AudienceFilter {
  readonly userIds?: string[];
  readonly role?: string;
  readonly department?: string;
}

/**
 * The people directory (service-kit's, kept from the `user.*` events: never
 * asking users), with the lookups notifications adds: by id in bulk, and
 * audiences by role or department in id order for fan-out batches.
 */
export class People {
  constructor(readonly directory: PeopleDirectory) {}

  async findMany(userIds: readonly string[]): Promise<Map<string, Person>> {
    if (!userIds.length) return new Map();
    const people = await this.directory.findMany(userIds);
    return new Map(people.map((person) => [person.id, person]));
  }

  /** The ids of people with `role` who are not disabled, e.g. every ADMIN for a digest. */
  async idsWithRole(role: string): Promise<string[]> {
    return this.ids({ roles: role, status: { $ne: 'DISABLED' } });
  }

  /** The audience's ids after `afterId`, in id order: one fan-out batch. */
  audienceBatch(audience: AudienceFilter, afterId: string | null, size: number): Promise<string[]> {
    return this.ids(
      { $and: [audienceQuery(audience), afterId === null ? {} : { _id: { $gt: afterId } }] },
      size,
    );
  }

  countAudience(audience: AudienceFilter): Promise<number> {
    return this.directory.model.countDocuments(audienceQuery(audience)).exec();
  }

  private async ids(filter: Record<string, unknown>, limit = 0): Promise<string[]> {
    const found = await this.directory.model
      .find(filter, { _id: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean()
      .exec();
    return found.map((person) => person._id);
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
