import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ANONYMOUS, type Caller } from '@weace/service-kit';
import {
  ADMIN_CALLER,
  type UsersHarness,
  personCaller,
  startUsersHarness,
} from '../testing/users-harness';
import { UserModel } from '../user/user.model';

let harness: UsersHarness;
beforeAll(async () => {
  harness = await startUsersHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const SSO_SIGN_IN = /* GraphQL */ `
  mutation {
    ssoSignIn(
      subject: "sso-subject"
      email: "grace@weace.test"
      emailVerified: true
      name: "Grace Hopper"
      roles: [COACH]
    ) {
      subject
      email
      roles
      status
    }
  }
`;

describe('ssoSignIn', () => {
  it('gives a calling service the profile of the sign-in', async () => {
    const caller: Caller = { kind: 'service', service: 'gateway', operations: ['ssoSignIn'] };
    const { data, errors } = await harness.execute(SSO_SIGN_IN, { caller });
    expect(errors).toBeUndefined();
    expect(data?.ssoSignIn).toEqual({
      subject: 'sso-subject',
      email: 'grace@weace.test',
      roles: ['COACH', 'LEARNER'],
      status: 'ACTIVE',
    });
  });

  it('refuses people, admins included, and anonymous callers, creating nothing [FORBIDDEN]', async () => {
    for (const caller of [ANONYMOUS, personCaller({ subject: 'sso-subject' }), ADMIN_CALLER]) {
      const { errors } = await harness.execute(SSO_SIGN_IN, { caller });
      expect(errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    }
    expect(await UserModel.countDocuments()).toBe(0);
  });

  it('tells a person nothing about valid input either [FORBIDDEN]', async () => {
    const invalid = SSO_SIGN_IN.replace('"grace@weace.test"', '"not-an-email"');
    const { errors } = await harness.execute(invalid, { caller: ADMIN_CALLER });
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    const byService = await harness.execute(invalid, {
      caller: { kind: 'service', service: 'gateway', operations: ['ssoSignIn'] },
    });
    expect(byService.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['email'],
    });
  });
});
