import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type Identity, Role, createLogger, createServiceContext } from '@weace/service-kit';
import {
  ADMIN_CALLER,
  type UsersHarness,
  makeUser,
  startUsersHarness,
  usersEventBus,
} from '../testing/users-harness';
import type { UserDocument } from '../user/user.model';
import { UserService } from '../user/user.service';
import { FollowModel } from './follow.model';
import { countFollows, followUser, listFollows, unfollowUser } from './follow.service';

let harness: UsersHarness;
let users: UserService;
beforeAll(async () => {
  harness = await startUsersHarness();
  users = new UserService(usersEventBus(harness));
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const logger = createLogger({ service: 'users', level: 'silent' });
/** A fresh request context, so counts are read again rather than served from a loader's cache. */
const request = () => createServiceContext({ caller: { kind: 'anonymous' }, logger });
const as = (user: UserDocument): Identity => ({ sub: user.subject, roles: [Role.Learner] });

describe('following', () => {
  it('is idempotent: following twice keeps one edge and the counts at one', async () => {
    const [ann, bob] = [await makeUser(), await makeUser()];
    const followed = await followUser(as(ann), bob.id);
    await followUser(as(ann), bob.id);

    expect(followed.id).toBe(bob.id);
    expect(await FollowModel.countDocuments()).toBe(1);
    expect(await countFollows('followers', bob, request())).toBe(1);
    expect(await countFollows('following', ann, request())).toBe(1);
    expect(await countFollows('followers', ann, request())).toBe(0);
  });

  it('keeps one edge when the same follow arrives twice at once', async () => {
    const [ann, bob] = [await makeUser(), await makeUser()];
    await Promise.all([followUser(as(ann), bob.id), followUser(as(ann), bob.id)]);
    expect(await FollowModel.countDocuments()).toBe(1);
  });

  it('refuses to follow yourself [BAD_USER_INPUT]', async () => {
    const ann = await makeUser();
    await expect(followUser(as(ann), ann.id)).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: ['userId'] },
    });
    expect(await FollowModel.countDocuments()).toBe(0);
  });

  it('refuses unknown and deleted users [NOT_FOUND] and malformed ids [BAD_USER_INPUT]', async () => {
    const [ann, gone] = [await makeUser(), await makeUser()];
    await users.delete(gone.id, ADMIN_CALLER);
    await expect(followUser(as(ann), '0123456789abcdef01234567')).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    await expect(followUser(as(ann), gone.id)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    await expect(followUser(as(ann), 'bob')).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: ['userId'] },
    });
  });

  it('refuses a caller who has no profile yet [NOT_FOUND]', async () => {
    const bob = await makeUser();
    await expect(
      followUser({ sub: 'no-profile', roles: [Role.Learner] }, bob.id),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
  });
});

describe('unfollowing', () => {
  it('removes the edge, and changes nothing the second time', async () => {
    const [ann, bob] = [await makeUser(), await makeUser()];
    await followUser(as(ann), bob.id);

    expect((await unfollowUser(as(ann), bob.id)).id).toBe(bob.id);
    await unfollowUser(as(ann), bob.id);
    expect(await countFollows('followers', bob, request())).toBe(0);
  });
});

describe('follower lists', () => {
  it('pages followers in the order they followed, with the total on every page', async () => {
    const star = await makeUser({ name: 'Star' });
    const fans: UserDocument[] = [];
    for (let i = 0; i < 5; i += 1) {
      const fan = await makeUser({ name: `Fan ${i}` });
      await followUser(as(fan), star.id);
      fans.push(fan);
    }
    const first = await listFollows('followers', star, { first: 2 }, request());
    const second = await listFollows(
      'followers',
      star,
      { first: 2, after: first.pageInfo.endCursor },
      request(),
    );
    const third = await listFollows(
      'followers',
      star,
      { first: 2, after: second.pageInfo.endCursor },
      request(),
    );
    const pages = [first, second, third];
    expect(pages.map((page) => page.edges.map((edge) => edge.node.name))).toEqual([
      ['Fan 0', 'Fan 1'],
      ['Fan 2', 'Fan 3'],
      ['Fan 4'],
    ]);
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, false]);
    expect(pages.map((page) => page.totalCount)).toEqual([5, 5, 5]);

    const following = await listFollows('following', fans[0]!, { first: 10 }, request());
    expect(following.edges.map((edge) => edge.node.name)).toEqual(['Star']);
  });

  it('drops users deleted since, from lists and counts', async () => {
    const [star, stays, leaves] = [await makeUser(), await makeUser(), await makeUser()];
    await followUser(as(stays), star.id);
    await followUser(as(leaves), star.id);
    await users.delete(leaves.id, ADMIN_CALLER);

    const page = await listFollows('followers', star, { first: 10 }, request());
    expect(page.edges.map((edge) => edge.node.id)).toEqual([stays.id]);
    expect(page.totalCount).toBe(1);
  });

  it('refuses a cursor it did not hand out [BAD_USER_INPUT]', async () => {
    const star = await makeUser();
    await expect(
      listFollows('followers', star, { first: 2, after: 'bogus' }, request()),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: ['after'] } });
  });
});
