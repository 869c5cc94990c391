import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestStack, person, startTestStack } from '@weace/test-kit';

/** Account administration in cognito-local through the gateway: ADMIN only. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const admin = person(Role.Admin);
const learner = person();

const LOGIN = /* GraphQL */ `
  mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
    }
  }
`;
const login = (email: string, password: string) =>
  stack.graphql<{ login: { accessToken: string } }>(LOGIN, { variables: { email, password } });
const codesOf = (response: { errors?: readonly { extensions?: Record<string, unknown> }[] }) =>
  response.errors?.map((error) => error.extensions?.code);

describe('admin operations', () => {
  it('create an account whose first login chooses a password, then set its roles', async () => {
    const newcomer = person();
    const created = await stack.graphql(
      `mutation ($input: AdminCreateUserInput!) { adminCreateUser(input: $input) { email status enabled } }`,
      {
        as: admin,
        variables: { input: { email: newcomer.email, temporaryPassword: 'Temporary-1' } },
      },
    );
    expect(created.data?.adminCreateUser).toEqual({
      email: newcomer.email,
      status: 'FORCE_CHANGE_PASSWORD',
      enabled: true,
    });
    const first = await login(newcomer.email, 'Temporary-1');
    expect(first.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NEW_PASSWORD_REQUIRED',
    });
    const chosen = await stack.graphql(
      `mutation ($e: String!, $t: String!, $n: String!) { completeNewPassword(email: $e, temporaryPassword: $t, newPassword: $n) { accessToken } }`,
      { variables: { e: newcomer.email, t: 'Temporary-1', n: newcomer.password } },
    );
    expect(chosen.errors).toBeUndefined();

    const groups = await stack.graphql(
      `mutation ($u: String!) { adminSetUserGroups(username: $u, groups: [COACH]) { groups } }`,
      { as: admin, variables: { u: newcomer.email } },
    );
    expect(groups.data?.adminSetUserGroups).toEqual({ groups: ['COACH'] });
    const { data } = await login(newcomer.email, newcomer.password);
    const verified = await stack.graphql(
      `query ($t: String!) { verifyToken(token: $t) { valid roles } }`,
      {
        variables: { t: data!.login.accessToken },
      },
    );
    expect(verified.data?.verifyToken).toEqual({ valid: true, roles: ['COACH', 'LEARNER'] });
  });

  it('disable an account, which can no longer log in, until enabled again', async () => {
    const someone = person();
    await stack.signIn(someone);
    const toggle = (enabled: boolean) =>
      stack.graphql(
        `mutation ($u: String!, $on: Boolean!) { adminSetUserEnabled(username: $u, enabled: $on) { enabled } }`,
        { as: admin, variables: { u: someone.email, on: enabled } },
      );
    expect((await toggle(false)).data).toEqual({ adminSetUserEnabled: { enabled: false } });
    expect(codesOf(await login(someone.email, someone.password))).toEqual(['UNAUTHENTICATED']);
    await toggle(true);
    expect((await login(someone.email, someone.password)).errors).toBeUndefined();
  });

  it('are forbidden to anybody but an admin, and change nothing [FORBIDDEN]', async () => {
    const target = person();
    await stack.signIn(target);
    const operations = [
      `mutation { adminCreateUser(input: { email: "made-by-a-learner@test.weace.dev" }) { email } }`,
      `mutation ($u: String!) { adminSetPassword(username: $u, password: "Taken-over-1", permanent: true) }`,
      `mutation ($u: String!) { adminSetUserEnabled(username: $u, enabled: false) { enabled } }`,
      `mutation ($u: String!) { adminSetUserGroups(username: $u, groups: [ADMIN]) { groups } }`,
      `mutation ($u: String!) { adminDeleteUser(username: $u) }`,
    ];
    for (const operation of operations) {
      const variables = operation.includes('$u') ? { u: target.email } : undefined;
      const byLearner = await stack.graphql(operation, { as: learner, variables });
      const byNobody = await stack.graphql(operation, { variables });
      expect([codesOf(byLearner), codesOf(byNobody)]).toEqual([['FORBIDDEN'], ['UNAUTHENTICATED']]);
    }
    const { data } = await login(target.email, target.password);
    const verified = await stack.graphql(
      `query ($t: String!) { verifyToken(token: $t) { roles } }`,
      {
        variables: { t: data!.login.accessToken },
      },
    );
    expect(verified.data?.verifyToken).toEqual({ roles: ['LEARNER'] });
    expect(codesOf(await login('made-by-a-learner@test.weace.dev', 'Anything-1'))).toEqual([
      'UNAUTHENTICATED',
    ]);
  });
});
