import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type UsersHarness, makeUser, startUsersHarness } from '../testing/users-harness';
import { UserModel, UserStatus } from '../user/user.model';
import { type DemoPerson, seedDemoOrganisation } from './demo-organisation';

let harness: UsersHarness;
beforeAll(async () => {
  harness = await startUsersHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const people: DemoPerson[] = [
  {
    subject: 'demo-admin',
    email: 'Ada.Admin@weace.dev',
    name: 'Ada Admin',
    roles: [Role.Admin],
    department: 'People Operations',
    jobTitle: 'Platform Admin',
  },
  {
    subject: 'demo-coach',
    email: 'carla.coach@weace.dev',
    name: 'Carla Coach',
    roles: [Role.Coach, Role.Learner],
    department: 'Leadership Academy',
    jobTitle: 'Executive Coach',
  },
];

describe('seedDemoOrganisation', () => {
  it('inserts the demo people as ACTIVE profiles on first start', async () => {
    expect(await seedDemoOrganisation(people)).toBe(2);
    const admin = await UserModel.findOne({ subject: 'demo-admin' }).orFail().exec();
    expect(admin).toMatchObject({
      email: 'ada.admin@weace.dev',
      status: UserStatus.ACTIVE,
      roles: [Role.Admin, Role.Learner],
      department: 'People Operations',
      preferences: { theme: 'SYSTEM', profileVisibility: 'ORGANISATION' },
    });
    expect(admin.createdAt).toBeInstanceOf(Date);
  });

  it('is idempotent: a second start adds nothing', async () => {
    await seedDemoOrganisation(people);
    expect(await seedDemoOrganisation(people)).toBe(0);
    expect(await UserModel.countDocuments()).toBe(2);
  });

  it('leaves a database that already has users alone', async () => {
    await makeUser();
    expect(await seedDemoOrganisation(people)).toBe(0);
    expect(await UserModel.countDocuments()).toBe(1);
  });

  it('ends with one profile per person when two starts race', async () => {
    await Promise.all([seedDemoOrganisation(people), seedDemoOrganisation(people)]);
    expect(await UserModel.countDocuments()).toBe(2);
  });
});
