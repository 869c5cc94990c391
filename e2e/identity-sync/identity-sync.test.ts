import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import { eventually, publishedEvents } from '@weace/test-kit/subgraph';

/**
 * Identity kept in sync through domain events: what an admin does to an
 * account in auth reaches the profile in users, and sign-ins are announced.
 */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const admin = person(Role.Admin);

interface Profile {
  status: string;
  roles: string[];
}
const profileOf = async (id: string): Promise<Profile | null> => {
  const { data, errors } = await stack.graphql<{ user: Profile | null }>(
    'query ($id: ID!) { user(id: $id) { status roles } }',
    { as: admin, variables: { id } },
  );
  if (errors) throw new Error(JSON.stringify(errors));
  return data!.user;
};
const adminDoes = async (source: string, variables: Record<string, unknown>) => {
  const { errors } = await stack.graphql(source, { as: admin, variables });
  expect(errors).toBeUndefined();
};
const SET_ENABLED = `mutation ($u: String!, $e: Boolean!) { adminSetUserEnabled(username: $u, enabled: $e) { enabled } }`;

describe('identity sync between auth and users', () => {
  it('mirrors disabling, enabling, groups and deletion of an account in its profile', async () => {
    const member = person();
    const { id } = await stack.createProfile(member);

    await adminDoes(SET_ENABLED, { u: member.email, e: false });
    await eventually(async () => (await profileOf(id))?.status === 'DISABLED', 15_000);

    await adminDoes(SET_ENABLED, { u: member.email, e: true });
    await eventually(async () => (await profileOf(id))?.status === 'ACTIVE', 15_000);

    await adminDoes(
      `mutation ($u: String!) { adminSetUserGroups(username: $u, groups: [COACH]) { groups } }`,
      { u: member.email },
    );
    await eventually(async () => (await profileOf(id))?.roles.includes('COACH') ?? false, 15_000);
    expect((await profileOf(id))?.roles.sort()).toEqual(['COACH', 'LEARNER']);

    await adminDoes(`mutation ($u: String!) { adminDeleteUser(username: $u) }`, {
      u: member.email,
    });
    await eventually(async () => (await profileOf(id)) === null, 15_000);
  });

  it('announces a password login with user.signedIn, naming the person by User.id', async () => {
    const member = person();
    const { id, sub } = await stack.createProfile(member);
    const LOGIN = `mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }`;
    // auth learns the User.id from users' user.registered, asynchronously: log in until it has.
    await eventually(async () => {
      const { errors } = await stack.graphql(LOGIN, {
        variables: { e: member.email, p: member.password },
      });
      expect(errors).toBeUndefined();
      const signIns = await publishedEvents('auth', 'user.signedIn');
      return signIns.some((event) => event.subject === sub && event.payload.userId === id);
    }, 15_000);
    const mine = (await publishedEvents('auth', 'user.signedIn')).filter(
      (event) => event.subject === sub,
    );
    expect(mine.at(-1)?.payload).toEqual({
      subject: sub,
      email: member.email,
      userId: id,
      method: 'PASSWORD',
    });
  });
});
