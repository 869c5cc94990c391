import { type DemoProfile, type RunningService, createServiceClient } from '@weace/service-kit';
import type { SeededPerson } from './local-identity';

/**
 * Gives each demo person their profile and every service its demo data.
 *
 * Into an empty users database, each person is created the way an admin tool
 * would (`createUser`), so `user.registered` tells every other service about
 * them. Then each profile is made reachable by its account's subject the way
 * an SSO sign-in does (found by subject, else the subject linked to the
 * profile of the verified email): a `.data/mongo` older than the accounts, or
 * one kept while `.data/cognito` was deleted, still shows each person their
 * own profile. Last, each service seeds its own data, in the supergraph's
 * order (each does nothing when it has data already).
 */
export async function seedDemoData(
  people: readonly SeededPerson[],
  services: readonly RunningService[],
  internalTokenSecret: string,
): Promise<void> {
  const users = services.find(({ name }) => name === 'users');
  if (!users) throw new Error('demo data needs the users subgraph');
  const request = createServiceClient({
    url: users.url,
    service: 'stack',
    audience: 'users',
    operations: ['users', 'createUser', 'ssoSignIn'],
    secret: internalTokenSecret,
  });
  const { users: existing } = await request<{ users: { edges: unknown[] } }>(/* GraphQL */ `
    query {
      users(first: 1) {
        edges {
          cursor
        }
      }
    }
  `);
  if (existing.edges.length === 0) {
    for (const { subject, email, name, roles, department, jobTitle } of people) {
      await request(
        /* GraphQL */ `
          mutation ($input: CreateUserInput!) {
            createUser(input: $input) {
              id
            }
          }
        `,
        { input: { subject, email, name, roles, department, jobTitle } },
      );
    }
  }
  const profiles: DemoProfile[] = [];
  for (const { subject, email, name, roles, department, jobTitle } of people) {
    const { ssoSignIn } = await request<{ ssoSignIn: { id: string } }>(
      /* GraphQL */ `
        mutation ($subject: String!, $email: String!, $name: String, $roles: [Role!]!) {
          ssoSignIn(
            subject: $subject
            email: $email
            emailVerified: true
            name: $name
            roles: $roles
          ) {
            id
          }
        }
      `,
      { subject, email, name, roles },
    );
    profiles.push({ userId: ssoSignIn.id, email, name, roles, department, jobTitle });
  }
  for (const service of services) await service.seedDemo?.(profiles);
}
