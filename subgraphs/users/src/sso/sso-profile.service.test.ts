import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import {
  type UsersHarness,
  makeUser,
  publishedEvents,
  startUsersHarness,
  usersEventBus,
} from '../testing/users-harness';
import { UserModel, UserStatus } from '../user/user.model';
import { UserService } from '../user/user.service';
import type { SsoSignInArgs } from './sso-profile.args';
import { SsoProfileService } from './sso-profile.service';

let harness: UsersHarness;
let profiles: SsoProfileService;
beforeAll(async () => {
  harness = await startUsersHarness();
  const events = usersEventBus(harness);
  profiles = new SsoProfileService(events, new UserService(events));
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const signIn = (fields: Partial<SsoSignInArgs> = {}) =>
  profiles.profileFor({
    subject: 'sso-subject',
    email: 'grace@weace.test',
    emailVerified: true,
    name: 'Grace Hopper',
    roles: [],
    ...fields,
  });

describe('the profile of an SSO sign-in', () => {
  it('is the profile with the subject, its roles following the provider’s groups', async () => {
    const user = await makeUser({ subject: 'sso-subject', email: 'old@weace.test' });
    const profile = await signIn({ roles: [Role.Coach] });
    expect(profile.id).toBe(user.id);
    expect(profile.roles.sort()).toEqual([Role.Coach, Role.Learner]);
    expect(await UserModel.countDocuments()).toBe(1);
  });

  it('links the SSO subject to the profile of a verified email, never overwriting its own, and activates it if pending', async () => {
    const user = await makeUser({
      subject: 'password-subject',
      email: 'grace@weace.test',
      status: UserStatus.PENDING,
    });
    const profile = await signIn({ email: ' Grace@WeAce.test ' });
    expect(profile.toObject()).toMatchObject({
      subject: 'password-subject',
      linkedSubjects: ['sso-subject'],
      status: UserStatus.ACTIVE,
    });
    expect(profile.id).toBe(user.id);
    expect(await UserModel.countDocuments()).toBe(1);
    // Both identities now sign in to it: the next SSO sign-in finds it by the linked subject.
    const again = await signIn({ email: 'grace@weace.test' });
    expect(again.id).toBe(user.id);
    expect(again.linkedSubjects).toEqual(['sso-subject']);
    const [linked] = await publishedEvents('user.updated');
    expect(linked?.payload).toMatchObject({
      changed: ['linkedSubjects', 'status'],
      user: { id: user.id, status: 'ACTIVE' },
    });
  });

  it('creates an ACTIVE profile when nobody has the subject or the email', async () => {
    const profile = await signIn({ roles: [Role.Organizer] });
    expect(profile).toMatchObject({
      subject: 'sso-subject',
      email: 'grace@weace.test',
      name: 'Grace Hopper',
      status: UserStatus.ACTIVE,
    });
    expect(profile.roles.sort()).toEqual([Role.Learner, Role.Organizer]);
    const unnamed = await signIn({ subject: 'another', email: 'ada@weace.test', name: null });
    expect(unnamed.name).toBe('ada');
    expect((await publishedEvents('user.registered')).map((event) => event.subject)).toEqual([
      profile.id,
      unnamed.id,
    ]);
  });

  it('never links an email the provider did not verify [CONFLICT]', async () => {
    const user = await makeUser({ subject: 'password-subject', email: 'grace@weace.test' });
    await expect(signIn({ emailVerified: false })).rejects.toMatchObject({
      extensions: { code: 'CONFLICT', fields: ['email'] },
    });
    expect((await UserModel.findById(user._id).exec())?.subject).toBe('password-subject');
  });

  it('gives concurrent first sign-ins of one person one profile', async () => {
    const signedIn = await Promise.all([signIn(), signIn(), signIn()]);
    expect(new Set(signedIn.map((profile) => profile.id)).size).toBe(1);
    expect(await UserModel.countDocuments()).toBe(1);
    expect(await publishedEvents('user.registered')).toHaveLength(1);
  });
});
