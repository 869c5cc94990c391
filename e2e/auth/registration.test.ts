import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type TestStack, person, startTestStack } from '@weace/test-kit';

/** Self-registration through the gateway: users keeps the profile, auth creates the account. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const REGISTER = /* GraphQL */ `
  mutation ($input: RegisterInput!) {
    register(input: $input) {
      id
      email
      status
    }
  }
`;
const CONFIRM = /* GraphQL */ `
  mutation ($email: String!, $code: String!) {
    confirmRegistration(email: $email, code: $code) {
      id
      status
    }
  }
`;
const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      user {
        id
        email
        status
      }
    }
  }
`;

interface Profile {
  id: string;
  email: string;
  status: string;
}

const register = (email: string, password: string) =>
  stack.graphql<{ register: Profile }>(REGISTER, {
    variables: { input: { email, password, name: 'New Person' } },
  });

describe('registration through the gateway', () => {
  it('registers, confirms with the emailed code, then logs in to the same profile', async () => {
    const { email, password } = person();
    const registered = await register(email, password);
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.register).toMatchObject({ email, status: 'PENDING' });
    const { id } = registered.data!.register;

    const code = stack.lastCode(email, 'SignUp');
    expect(code).toEqual(expect.any(String));
    const confirmed = await stack.graphql(CONFIRM, { variables: { email, code } });
    expect(confirmed.data).toEqual({ confirmRegistration: { id, status: 'ACTIVE' } });

    const login = await stack.graphql<{ login: { accessToken: string; user: Profile } }>(LOGIN, {
      variables: { email, password },
    });
    expect(login.errors).toBeUndefined();
    expect(login.data?.login.user).toEqual({ id, email, status: 'ACTIVE' });
    const me = await stack.graphql('{ me { id } }', { token: login.data!.login.accessToken });
    expect(me.data).toEqual({ me: { id } });
  });

  it('states the broken password rule, keeps nothing, and lets the same email retry [BAD_USER_INPUT]', async () => {
    const { email, password } = person();
    const refused = await register(email, 'nouppercase1');
    expect(refused.errors?.[0]).toMatchObject({
      message: 'Password must contain an uppercase letter',
      extensions: { code: 'BAD_USER_INPUT', fields: ['password'] },
    });
    const retried = await register(email, password);
    expect(retried.data?.register).toMatchObject({ email, status: 'PENDING' });
  });

  it('refuses an email that is taken [CONFLICT]', async () => {
    const { email, password } = person();
    await register(email, password);
    const again = await register(email, password);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', fields: ['email'] });
  });

  it('keeps the auth service’s service-only half out of clients’ reach', async () => {
    const { email, password } = person();
    const { errors } = await stack.graphql(
      'mutation ($email: String!, $password: String!) { createIdentityAccount(email: $email, password: $password) { subject } }',
      { variables: { email, password } },
    );
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(stack.lastCode(email, 'SignUp')).toBeUndefined();
  });
});
