import { type Role, rolesFromGroups } from '@weace/service-kit';
import { UserModel, UserStatus } from '../user/user.model';

/** A person of the demo organisation, as the launcher describes them. */
export interface DemoPerson {
  readonly subject: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly department: string;
  readonly jobTitle: string;
}

/**
 * Gives a first start something to show: inserts the demo profiles, ACTIVE,
 * when the users collection is empty, and does nothing otherwise. Each
 * profile is an upsert by subject, so two launchers racing on the same empty
 * database still end with one profile per person. Returns how many it added.
 */
export async function seedDemoOrganisation(people: readonly DemoPerson[]): Promise<number> {
  if (people.length === 0 || (await UserModel.exists({}).exec())) return 0;
  const result = await UserModel.bulkWrite(
    people.map((person) => ({
      updateOne: {
        filter: { subject: person.subject },
        update: {
          $setOnInsert: {
            ...person,
            roles: rolesFromGroups(person.roles),
            status: UserStatus.ACTIVE,
          },
        },
        upsert: true,
      },
    })),
  );
  return result.upsertedCount;
}
