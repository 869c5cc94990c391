import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServiceClient } from '@weace/service-kit';
import { type AuthService, startAuthService } from '../testing/auth-service';
import {
  type UsersHarness,
  makeUser,
  personCaller,
  publishedEvents,
  startUsersHarness,
  usersEventBus,
} from '../testing/users-harness';
import { UserModel } from '../user/user.model';
import { identityAccountsAt } from './identity-accounts';
import { RegistrationService } from './registration.service';

// Registration against the real auth service over HTTP, on a real cognito-local.
let auth: AuthService;
let harness: UsersHarness;
beforeAll(async () => {
  auth = await startAuthService();
  harness = await startUsersHarness({ auth });
});
afterAll(async () => {
  await harness.stop();
  await auth.stop();
});
beforeEach(() => harness.clear());

const PASSWORD = 'Correct1horse';
let people = 0;
const newEmail = () => `registrant${++people}.${process.pid}@weace.test`;

interface Profile {
  id: string;
  subject: string;
  email: string;
  name: string;
  status: string;
}

const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterInput!) {
    register(input: $input) {
      id
      subject
      email
      name
      status
    }
  }
`;
const CONFIRM = /* GraphQL */ `
  mutation ($email: String!, $code: String!) {
    confirmRegistration(email: $email, code: $code) {
      id
      subject
      status
    }
  }
`;

const register = (input: { email: string; password?: string; name?: string }) =>
  harness.execute<{ register: Profile }>(REGISTER, {
    variables: { input: { password: PASSWORD, name: 'Ada Lovelace', ...input } },
  });
const confirm = (email: string, code: string) =>
  harness.execute<{ confirmRegistration: Profile }>(CONFIRM, { variables: { email, code } });

/** Logs in at the auth service, as the gateway would forward a client's login. */
async function loginSubject(email: string, password = PASSWORD): Promise<string> {
  const request = createServiceClient({
    url: auth.url,
    service: 'test',
    audience: 'auth',
    operations: ['login'],
    secret: auth.internalTokenSecret,
  });
  const data = await request<{ login: { user: { subject: string } } }>(
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { user { subject } } }',
    { email, password },
  );
  return data.login.user.subject;
}

describe('register and confirmRegistration', () => {
  it('creates a PENDING profile keyed by the account’s subject; the emailed code activates both', async () => {
    const email = newEmail();
    const registered = await register({ email: email.toUpperCase() });
    expect(registered.errors).toBeUndefined();
    const profile = registered.data!.register;
    expect(profile).toMatchObject({ email, name: 'Ada Lovelace', status: 'PENDING' });
    expect(profile.subject).not.toMatch(/^pending:/);

    const confirmed = await confirm(email, auth.signUpCode(email));
    expect(confirmed.data?.confirmRegistration).toEqual({
      id: profile.id,
      subject: profile.subject,
      status: 'ACTIVE',
    });
    expect(await loginSubject(email)).toBe(profile.subject);
    const me = await harness.execute('{ me { id status } }', {
      caller: personCaller({ subject: profile.subject }),
    });
    expect(me.data).toEqual({ me: { id: profile.id, status: 'ACTIVE' } });
    expect(
      (await publishedEvents()).map(({ type, subject, actorId, payload }) => ({
        type,
        subject,
        actorId,
        person: 'user' in payload ? payload.user : null,
      })),
    ).toEqual([
      {
        type: 'user.registered',
        subject: profile.id,
        actorId: profile.id,
        person: expect.objectContaining({ subject: profile.subject, status: 'PENDING' }),
      },
      {
        type: 'user.confirmed',
        subject: profile.id,
        actorId: profile.id,
        person: expect.objectContaining({ subject: profile.subject, status: 'ACTIVE' }),
      },
    ]);
  });

  it('rolls the profile back when the password breaks the policy, so the same email can retry [BAD_USER_INPUT]', async () => {
    const email = newEmail();
    const refused = await register({ email, password: 'alllowercase1' });
    expect(refused.data).toBeNull();
    expect(refused.errors).toEqual([
      expect.objectContaining({
        message: 'Password must contain an uppercase letter',
        extensions: { code: 'BAD_USER_INPUT', fields: ['password'], passwordRule: 'uppercase' },
      }),
    ]);
    expect(await UserModel.countDocuments({ email })).toBe(0);
    expect(await publishedEvents('user.registered')).toEqual([]);

    const retried = await register({ email });
    expect(retried.data?.register).toMatchObject({ email, status: 'PENDING' });
  });

  it('refuses a taken email before asking the auth service [CONFLICT]', async () => {
    const email = newEmail();
    await makeUser({ email, name: 'First' });
    const { data, errors } = await register({ email: email.toUpperCase() });
    expect(data).toBeNull();
    expect(errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', fields: ['email'] });
    expect(() => auth.signUpCode(email)).toThrow(/no SignUp message/);
    expect(await UserModel.find({ email }).lean().exec()).toEqual([
      expect.objectContaining({ name: 'First' }),
    ]);
  });

  it('refuses an email that already has a sign-in account, and keeps no profile [CONFLICT]', async () => {
    const email = newEmail();
    await register({ email });
    await UserModel.deleteMany({ email }).exec();

    const { errors } = await register({ email });
    expect(errors?.[0]?.extensions).toEqual({ code: 'CONFLICT', fields: ['email'] });
    expect(await UserModel.countDocuments({ email })).toBe(0);
  });

  it('rolls the profile back when the auth service cannot be reached', async () => {
    const offline = new RegistrationService(
      usersEventBus(harness),
      identityAccountsAt(
        createServiceClient({
          url: 'http://127.0.0.1:9/graphql',
          service: 'users',
          audience: 'auth',
          operations: ['createIdentityAccount', 'confirmIdentityAccount'],
          secret: auth.internalTokenSecret,
        }),
      ),
    );
    const email = newEmail();
    await expect(
      offline.register({ email, password: PASSWORD, name: 'Offline' }),
    ).rejects.toThrow();
    expect(await UserModel.countDocuments({ email })).toBe(0);
    expect(await publishedEvents()).toEqual([]);
  });

  it('refuses malformed input without writing anything [BAD_USER_INPUT]', async () => {
    const { errors } = await register({ email: 'not-an-email', name: '   ' });
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['email', 'name'] });
    expect(await UserModel.countDocuments()).toBe(0);
  });

  it('names a wrong code and keeps the registration pending until the right one [BAD_USER_INPUT]', async () => {
    const email = newEmail();
    await register({ email });
    const right = auth.signUpCode(email);
    const { errors } = await confirm(email, right === '000000' ? '111111' : '000000');
    expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: ['code'] });
    expect(await UserModel.findOne({ email }).orFail().lean().exec()).toMatchObject({
      status: 'PENDING',
    });

    expect((await confirm(email, right)).data?.confirmRegistration.status).toBe('ACTIVE');
  });

  it('finds no pending registration for an unknown or already active email [NOT_FOUND]', async () => {
    const active = await makeUser();
    for (const email of [newEmail(), active.email]) {
      const { errors } = await confirm(email, '123456');
      expect(errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND' });
    }
  });
});
