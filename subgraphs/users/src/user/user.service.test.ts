import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ANONYMOUS, type Caller, MAX_PAGE_SIZE, type PageArgs, Role } from '@weace/service-kit';
import { FollowModel } from '../follow/follow.model';
import { ProfileVisibility } from '../preferences/preferences.model';
import {
  ADMIN_CALLER,
  type UsersHarness,
  makeUser,
  publishedEvents,
  startUsersHarness,
  usersEventBus,
} from '../testing/users-harness';
import { UserModel, UserStatus } from './user.model';
import { UserService } from './user.service';

let harness: UsersHarness;
let users: UserService;
beforeAll(async () => {
  harness = await startUsersHarness();
  users = new UserService(usersEventBus(harness));
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const page = (first = 20, after: string | null = null): PageArgs => ({ first, after });
const learner: Caller = { kind: 'user', identity: { sub: 'someone', roles: [Role.Learner] } };
const names = (connection: { edges: { node: { name: string } }[] }) =>
  connection.edges.map((edge) => edge.node.name);

describe('creating users', () => {
  it('stores the profile ACTIVE with a lower-cased email and LEARNER among the roles', async () => {
    const user = await users.create(
      {
        subject: 'sub-1',
        email: 'Grace.Hopper@Example.COM',
        name: 'Grace Hopper',
        roles: [Role.Coach],
      },
      ADMIN_CALLER,
    );
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
      users.create({ subject: 'other', email: 'TAKEN@example.com', name: 'Other' }, ADMIN_CALLER),
    ).rejects.toMatchObject({ code: 11000 });
    expect(await UserModel.countDocuments({ email: 'taken@example.com' })).toBe(1);
  });

  it('rejects a second profile for the same subject [DuplicateKey 11000]', async () => {
    await makeUser({ subject: 'same-sub' });
    await expect(
      users.create({ subject: 'same-sub', email: 'new@example.com', name: 'Again' }, ADMIN_CALLER),
    ).rejects.toMatchObject({ code: 11000 });
  });
});

describe('updating profiles', () => {
  it('changes only the fields sent and clears those sent as null', async () => {
    const user = await makeUser({ bio: 'Old bio', jobTitle: 'Engineer' });
    const updated = await users.updateMine(
      { sub: user.subject, roles: [Role.Learner] },
      { name: 'New Name', bio: null },
    );
    expect(updated).toMatchObject({ name: 'New Name', bio: null, jobTitle: 'Engineer' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(user.updatedAt.getTime());
  });

  it('refuses to update a profile that does not exist [NOT_FOUND]', async () => {
    await expect(
      users.updateMine({ sub: 'nobody', roles: [Role.Learner] }, { name: 'X' }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });

  it('lets an admin change roles and status, keeping LEARNER', async () => {
    const user = await makeUser();
    const updated = await users.update(
      user.id,
      {
        roles: [Role.Organizer],
        status: UserStatus.DISABLED,
        email: 'Moved@Example.com',
      },
      ADMIN_CALLER,
    );
    expect(updated).toMatchObject({
      roles: [Role.Organizer, Role.Learner],
      status: UserStatus.DISABLED,
      email: 'moved@example.com',
    });
  });

  it('rejects an email another user has [DuplicateKey 11000]', async () => {
    await makeUser({ email: 'first@example.com' });
    const second = await makeUser();
    await expect(
      users.update(second.id, { email: 'first@example.com' }, ADMIN_CALLER),
    ).rejects.toMatchObject({
      code: 11000,
    });
  });

  it('refuses a malformed id [BAD_USER_INPUT] and an unknown one [NOT_FOUND]', async () => {
    await expect(users.update('42', { name: 'X' }, ADMIN_CALLER)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: ['id'] },
    });
    await expect(
      users.update('0123456789abcdef01234567', { name: 'X' }, ADMIN_CALLER),
    ).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
  });
});

describe('me', () => {
  it('is null before the profile exists', async () => {
    expect(await users.findMe({ sub: 'not-yet', roles: [Role.Learner] })).toBeNull();
  });

  it("mirrors the identity provider's current groups into the stored roles", async () => {
    const user = await makeUser({ roles: [Role.Learner] });
    const me = await users.findMe({ sub: user.subject, roles: [Role.Coach, Role.Learner] });
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

    await expect(users.delete(gone.id, ADMIN_CALLER)).resolves.toBe(true);

    expect((await UserModel.findById(gone._id).orFail().exec()).deletedAt).toBeInstanceOf(Date);
    expect(names(await users.list(null, page(), ADMIN_CALLER))).toEqual(['Fan']);
    expect(names(await users.search('gone', page(), ADMIN_CALLER))).toEqual([]);
    expect(await users.findMe({ sub: gone.subject, roles: [Role.Learner] })).toBeNull();
    expect(await FollowModel.countDocuments()).toBe(0);
  });

  it('refuses to delete a user twice [NOT_FOUND]', async () => {
    const user = await makeUser();
    await users.delete(user.id, ADMIN_CALLER);
    await expect(users.delete(user.id, ADMIN_CALLER)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
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

    const coaches = await users.list(
      { status: UserStatus.ACTIVE, department: 'Sales', role: Role.Coach },
      page(),
      learner,
    );
    expect(names(coaches)).toEqual(['A']);
    expect(coaches.totalCount).toBe(1);
    expect(names(await users.list({ role: Role.Coach }, page(), learner))).toEqual(['A', 'C', 'D']);
  });

  it('walks every user exactly once across pages, even when users are added meanwhile', async () => {
    for (let i = 0; i < 7; i += 1) await makeUser({ name: `U${i}` });
    const first = await users.list(null, page(3), learner);
    expect(names(first)).toEqual(['U0', 'U1', 'U2']);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(7);

    await makeUser({ name: 'Late' });
    const second = await users.list(null, page(3, first.pageInfo.endCursor), learner);
    const third = await users.list(null, page(3, second.pageInfo.endCursor), learner);
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
    expect(names(await users.list(null, page(), learner))).toEqual(['Open']);
    expect(names(await users.search('e', page(), learner))).toEqual(['Open']);
    expect(names(await users.list(null, page(), ADMIN_CALLER))).toEqual(['Open', 'Hidden']);
    expect(names(await users.search('hidden', page(), ADMIN_CALLER))).toEqual(['Hidden']);
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

    expect(names(await users.search('LOVELACE', page(), learner))).toEqual(['Ada Lovelace']);
    expect(names(await users.search('Bletchley', page(), learner))).toEqual(['Alan Turing']);
    expect(names(await users.search('research', page(), learner))).toEqual([
      'Ada Lovelace',
      'Grace Hopper',
    ]);
  });

  it('treats regular-expression metacharacters literally', async () => {
    await makeUser({ name: 'C++ Guild (Berlin)', department: 'R&D' });
    await makeUser({ name: 'Cxx Guild Berlin', department: 'RnD' });

    expect(names(await users.search('C++', page(), learner))).toEqual(['C++ Guild (Berlin)']);
    expect(names(await users.search('(berlin)', page(), learner))).toEqual(['C++ Guild (Berlin)']);
    expect(names(await users.search('.*', page(), learner))).toEqual([]);
    expect(names(await users.search('R&D', page(), learner))).toEqual(['C++ Guild (Berlin)']);
  });

  it('pages its results with the same cursors as lists', async () => {
    for (let i = 0; i < 5; i += 1) await makeUser({ name: `Match ${i}` });
    await makeUser({ name: 'Other' });
    const first = await users.search('match', page(2), ANONYMOUS);
    const rest = await users.search(
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

describe('announcing profile changes', () => {
  it('publishes user.registered with the snapshot, the acting admin as actor', async () => {
    const admin = await makeUser({ subject: 'admin-subject' });
    const user = await users.create(
      { subject: 'sub-new', email: 'new@example.com', name: 'New', department: 'R&D' },
      ADMIN_CALLER,
    );
    expect(await publishedEvents('user.registered')).toEqual([
      expect.objectContaining({
        subject: user.id,
        actorId: admin.id,
        payload: {
          user: {
            id: user.id,
            subject: 'sub-new',
            email: 'new@example.com',
            name: 'New',
            locale: null,
            timeZone: null,
            department: 'R&D',
            roles: [Role.Learner],
            status: 'ACTIVE',
          },
        },
      }),
    ]);
  });

  it('publishes user.updated naming the changed fields, the person as actor of their own change', async () => {
    const user = await makeUser();
    await users.updateMine({ sub: user.subject, roles: [Role.Learner] }, { name: 'Renamed' });
    const [event] = await publishedEvents('user.updated');
    expect(event).toMatchObject({
      subject: user.id,
      actorId: user.id,
      payload: { changed: ['name'], user: { name: 'Renamed' } },
    });
  });

  it('publishes user.updated without actor when the roles follow the provider', async () => {
    const user = await makeUser();
    await users.findMe({ sub: user.subject, roles: [Role.Coach, Role.Learner] });
    await users.findMe({ sub: user.subject, roles: [Role.Coach, Role.Learner] });
    const events = await publishedEvents('user.updated');
    expect(events).toHaveLength(1);
    expect(events[0]!.actorId).toBeUndefined();
    expect(events[0]!.payload).toMatchObject({
      changed: ['roles'],
      user: { roles: ['COACH', 'LEARNER'] },
    });
  });

  it('publishes user.deleted with the profile, and nothing for a change that failed', async () => {
    const [first, second] = [await makeUser(), await makeUser()];
    await expect(
      users.update(second.id, { email: first.email }, ADMIN_CALLER),
    ).rejects.toMatchObject({ code: 11000 });
    await users.delete(second.id, ADMIN_CALLER);
    expect(await publishedEvents()).toEqual([
      expect.objectContaining({
        type: 'user.deleted',
        subject: second.id,
        payload: { userId: second.id },
      }),
    ]);
  });
});
