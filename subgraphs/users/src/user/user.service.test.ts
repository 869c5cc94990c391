import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ANONYMOUS, type Caller, MAX_PAGE_SIZE, type PageArgs, Role } from '@weace/service-kit';
import { FollowModel } from '../follow/follow.model';
import { ProfileVisibility } from '../preferences/preferences.model';
import {
  ADMIN_CALLER,
  type UsersHarness,
  makeUser,
  startUsersHarness,
} from '../testing/users-harness';
import { UserModel, UserStatus } from './user.model';
import {
  createUser,
  deleteUser,
  findMe,
  listUsers,
  searchUsers,
  updateMyProfile,
  updateUser,
} from './user.service';

let harness: UsersHarness;
beforeAll(async () => {
  harness = await startUsersHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const page = (first = 20, after: string | null = null): PageArgs => ({ first, after });
const learner: Caller = { kind: 'user', identity: { sub: 'someone', roles: [Role.Learner] } };
const names = (connection: { edges: { node: { name: string } }[] }) =>
  connection.edges.map((edge) => edge.node.name);

describe('creating users', () => {
  it('stores the profile ACTIVE with a lower-cased email and LEARNER among the roles', async () => {
    const user = await createUser({
      subject: 'sub-1',
      email: 'Grace.Hopper@Example.COM',
      name: 'Grace Hopper',
      roles: [Role.Coach],
    });
    const stored = await UserModel.findById(user._id).orFail().exec();
    expect(stored).toMatchObject({
      email: 'grace.hopper@example.com',
      status: UserStatus.ACTIVE,
      roles: [Role.Coach, Role.Learner],
      preferences: { theme: 'SYSTEM', profileVisibility: 'ORGANISATION' },
    });
    expect(stored.createdAt).toBeInstanceOf(Date);
  });

  it('rejects a second profile with a taken email, whatever its case [DuplicateKey 11000]', async () => {
    await makeUser({ email: 'taken@example.com' });
    await expect(
      createUser({ subject: 'other', email: 'TAKEN@example.com', name: 'Other' }),
    ).rejects.toMatchObject({ code: 11000 });
    expect(await UserModel.countDocuments({ email: 'taken@example.com' })).toBe(1);
  });

  it('rejects a second profile for the same subject [DuplicateKey 11000]', async () => {
    await makeUser({ subject: 'same-sub' });
    await expect(
      createUser({ subject: 'same-sub', email: 'new@example.com', name: 'Again' }),
    ).rejects.toMatchObject({ code: 11000 });
  });
});

describe('updating profiles', () => {
  it('changes only the fields sent and clears those sent as null', async () => {
    const user = await makeUser({ bio: 'Old bio', jobTitle: 'Engineer' });
    const updated = await updateMyProfile(
      { sub: user.subject, roles: [Role.Learner] },
      { name: 'New Name', bio: null },
    );
    expect(updated).toMatchObject({ name: 'New Name', bio: null, jobTitle: 'Engineer' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(user.updatedAt.getTime());
  });

  it('refuses to update a profile that does not exist [NOT_FOUND]', async () => {
    await expect(
      updateMyProfile({ sub: 'nobody', roles: [Role.Learner] }, { name: 'X' }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('lets an admin change roles and status, keeping LEARNER', async () => {
    const user = await makeUser();
    const updated = await updateUser(user.id, {
      roles: [Role.Organizer],
      status: UserStatus.DISABLED,
      email: 'Moved@Example.com',
    });
    expect(updated).toMatchObject({
      roles: [Role.Organizer, Role.Learner],
      status: UserStatus.DISABLED,
      email: 'moved@example.com',
    });
  });

  it('rejects an email another user has [DuplicateKey 11000]', async () => {
    await makeUser({ email: 'first@example.com' });
    const second = await makeUser();
    await expect(updateUser(second.id, { email: 'first@example.com' })).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('refuses a malformed id [BAD_USER_INPUT] and an unknown one [NOT_FOUND]', async () => {
    await expect(updateUser('42', { name: 'X' })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: ['id'] },
    });
    await expect(updateUser('0123456789abcdef01234567', { name: 'X' })).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe('me', () => {
  it('is null before the profile exists', async () => {
    expect(await findMe({ sub: 'not-yet', roles: [Role.Learner] })).toBeNull();
  });

  it("mirrors the identity provider's current groups into the stored roles", async () => {
    const user = await makeUser({ roles: [Role.Learner] });
    const me = await findMe({ sub: user.subject, roles: [Role.Coach, Role.Learner] });
    expect(me?.roles).toEqual([Role.Coach, Role.Learner]);
    expect((await UserModel.findById(user._id).orFail().exec()).roles).toEqual([
      Role.Coach,
      Role.Learner,
    ]);
  });
});

describe('soft delete', () => {
  it('keeps the document but removes the user from lists, search, me and their follow edges', async () => {
    const gone = await makeUser({ name: 'Gone Person' });
    const fan = await makeUser({ name: 'Fan' });
    await FollowModel.create([
      { follower: fan._id, followee: gone._id },
      { follower: gone._id, followee: fan._id },
    ]);

    await expect(deleteUser(gone.id)).resolves.toBe(true);

    expect((await UserModel.findById(gone._id).orFail().exec()).deletedAt).toBeInstanceOf(Date);
    expect(names(await listUsers(null, page(), ADMIN_CALLER))).toEqual(['Fan']);
    expect(names(await searchUsers('gone', page(), ADMIN_CALLER))).toEqual([]);
    expect(await findMe({ sub: gone.subject, roles: [Role.Learner] })).toBeNull();
    expect(await FollowModel.countDocuments()).toBe(0);
  });

  it('refuses to delete a user twice [NOT_FOUND]', async () => {
    const user = await makeUser();
    await deleteUser(user.id);
    await expect(deleteUser(user.id)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});

describe('listing users', () => {
  it('filters by status, department and role together', async () => {
    await makeUser({ name: 'A', department: 'Sales', roles: [Role.Coach, Role.Learner] });
    await makeUser({ name: 'B', department: 'Sales', roles: [Role.Learner] });
    await makeUser({
      name: 'C',
      department: 'Sales',
      roles: [Role.Coach],
      status: UserStatus.DISABLED,
    });
    await makeUser({ name: 'D', department: 'Legal', roles: [Role.Coach] });

    const coaches = await listUsers(
      { status: UserStatus.ACTIVE, department: 'Sales', role: Role.Coach },
      page(),
      learner,
    );
    expect(names(coaches)).toEqual(['A']);
    expect(coaches.totalCount).toBe(1);
    expect(names(await listUsers({ role: Role.Coach }, page(), learner))).toEqual(['A', 'C', 'D']);
  });

  it('walks every user exactly once across pages, even when users are added meanwhile', async () => {
    for (let i = 0; i < 7; i += 1) await makeUser({ name: `U${i}` });
    const first = await listUsers(null, page(3), learner);
    expect(names(first)).toEqual(['U0', 'U1', 'U2']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(7);

    await makeUser({ name: 'Late' });
    const second = await listUsers(null, page(3, first.pageInfo.endCursor), learner);
    const third = await listUsers(null, page(3, second.pageInfo.endCursor), learner);
    expect(names(second)).toEqual(['U3', 'U4', 'U5']);
    expect(names(third)).toEqual(['U6', 'Late']);
    expect(third.pageInfo.hasNextPage).toBe(false);
  });

  it('keeps PRIVATE profiles out of lists and search except for admins', async () => {
    await makeUser({ name: 'Open' });
    const hidden = await makeUser({ name: 'Hidden' });
    await UserModel.updateOne(
      { _id: hidden._id },
      { $set: { 'preferences.profileVisibility': ProfileVisibility.PRIVATE } },
    );
    expect(names(await listUsers(null, page(), learner))).toEqual(['Open']);
    expect(names(await searchUsers('e', page(), learner))).toEqual(['Open']);
    expect(names(await listUsers(null, page(), ADMIN_CALLER))).toEqual(['Open', 'Hidden']);
    expect(names(await searchUsers('hidden', page(), ADMIN_CALLER))).toEqual(['Hidden']);
  });
});

describe('searching users', () => {
  it('matches name, email and department case-insensitively', async () => {
    await makeUser({ name: 'Ada Lovelace', email: 'ada@example.com', department: 'Research' });
    await makeUser({
      name: 'Alan Turing',
      email: 'alan@bletchley.example',
      department: 'Codebreaking',
    });
    await makeUser({
      name: 'Grace Hopper',
      email: 'grace@navy.example',
      department: 'RESEARCH labs',
    });

    expect(names(await searchUsers('LOVELACE', page(), learner))).toEqual(['Ada Lovelace']);
    expect(names(await searchUsers('Bletchley', page(), learner))).toEqual(['Alan Turing']);
    expect(names(await searchUsers('research', page(), learner))).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
  });

  it('treats regular-expression metacharacters literally', async () => {
    await makeUser({ name: 'C++ Guild (Berlin)', department: 'R&D' });
    await makeUser({ name: 'Cxx Guild Berlin', department: 'RnD' });

    expect(names(await searchUsers('C++', page(), learner))).toEqual(['C++ Guild (Berlin)']);
    expect(names(await searchUsers('(berlin)', page(), learner))).toEqual(['C++ Guild (Berlin)']);
    expect(names(await searchUsers('.*', page(), learner))).toEqual([]);
    expect(names(await searchUsers('R&D', page(), learner))).toEqual(['C++ Guild (Berlin)']);
  });

  it('pages its results with the same cursors as lists', async () => {
    for (let i = 0; i < 5; i += 1) await makeUser({ name: `Match ${i}` });
    await makeUser({ name: 'Other' });
    const first = await searchUsers('match', page(2), ANONYMOUS);
    const rest = await searchUsers(
      'match',
      page(MAX_PAGE_SIZE, first.pageInfo.endCursor),
      ANONYMOUS,
    );
    expect(first.totalCount).toBe(5);
    expect([...names(first), ...names(rest)]).toEqual([
      'Match 0',
      'Match 1',
      'Match 2',
      'Match 3',
      'Match 4',
    ]);
  });
});
