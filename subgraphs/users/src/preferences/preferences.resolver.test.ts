import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type Caller, Role } from '@weace/service-kit';
import {
  ADMIN_CALLER,
  type UsersHarness,
  makeUser,
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

const PREFERENCES_OF = /* GraphQL */ `
  query ($id: ID!) {
    user(id: $id) {
      preferences {
        language
        timeZone
        theme
        profileVisibility
      }
    }
  }
`;

const UPDATE = /* GraphQL */ `
  mutation ($input: UpdatePreferencesInput!) {
    updateMyPreferences(input: $input) {
      language
      timeZone
      theme
      profileVisibility
    }
  }
`;

const DEFAULTS = {
  language: null,
  timeZone: null,
  theme: 'SYSTEM',
  profileVisibility: 'ORGANISATION',
};

describe('who sees preferences', () => {
  it.each<[string, (owner: { subject: string }) => Caller, typeof DEFAULTS | null]>([
    ['the user themself', (owner) => personCaller(owner), DEFAULTS],
    ['an admin', () => ADMIN_CALLER, DEFAULTS],
    [
      'a service calling on its own behalf',
      () => ({ kind: 'service', service: 'notifications', operations: ['user'] }),
      DEFAULTS,
    ],
    ['another member (null)', () => personCaller({ subject: 'colleague' }, [Role.Coach]), null],
  ])('%s', async (_who, callerFor, expected) => {
    const owner = await makeUser();
    const result = await harness.execute(PREFERENCES_OF, {
      variables: { id: owner.id },
      caller: callerFor(owner),
    });
    expect(result).toEqual({ data: { user: { preferences: expected } }, errors: undefined });
  });
});

describe('updateMyPreferences', () => {
  it('changes the fields sent and keeps the others', async () => {
    const user = await makeUser();
    await harness.execute(UPDATE, {
      variables: { input: { theme: 'DARK', language: 'fr-CA' } },
      caller: personCaller(user),
    });
    const result = await harness.execute(UPDATE, {
      variables: { input: { timeZone: 'Asia/Tokyo', language: null } },
      caller: personCaller(user),
    });
    expect(result.data).toEqual({
      updateMyPreferences: {
        language: null,
        timeZone: 'Asia/Tokyo',
        theme: 'DARK',
        profileVisibility: 'ORGANISATION',
      },
    });
  });

  it('names invalid fields and writes nothing [BAD_USER_INPUT]', async () => {
    const user = await makeUser();
    const result = await harness.execute(UPDATE, {
      variables: { input: { theme: null, timeZone: 'Nowhere/Special', language: 'EN_gb' } },
      caller: personCaller(user),
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        extensions: {
          code: 'BAD_USER_INPUT',
          fields: expect.arrayContaining(['theme', 'timeZone', 'language']),
        },
      }),
    ]);
    expect((await UserModel.findById(user._id).orFail().exec()).preferences).toMatchObject(
      DEFAULTS,
    );
  });

  it('needs a profile [NOT_FOUND] and a signed-in person [UNAUTHENTICATED]', async () => {
    const noProfile = await harness.execute(UPDATE, {
      variables: { input: { theme: 'DARK' } },
      caller: personCaller({ subject: 'no-profile' }),
    });
    const anonymous = await harness.execute(UPDATE, { variables: { input: { theme: 'DARK' } } });
    expect([noProfile, anonymous].map((result) => result.errors?.[0]?.extensions?.code)).toEqual([
      'NOT_FOUND',
      'UNAUTHENTICATED',
    ]);
  });
});
