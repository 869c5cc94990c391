import { createServiceClient } from '@weace/service-kit';
import { seedDemoOrganisation } from '@weace/users';
import type { SeededPerson } from './local-identity';

/**
 * Gives each demo person their profile: seeds the organisation into an empty
 * users database, then has every profile reachable by its account's subject the
 * way an SSO sign-in does (found by subject, else the subject linked to the
 * profile of the verified email).
 * So a `.data/mongo` older than the accounts, or one kept while
 * `.data/cognito` was deleted, still shows each person their own profile.
 */
export async function seedDemoProfiles(
  people: readonly SeededPerson[],
  users: { readonly url: string; readonly internalTokenSecret: string },
): Promise<void> {
  await seedDemoOrganisation(people);
  const request = createServiceClient({
    url: users.url,
    service: 'stack',
    audience: 'users',
    operations: ['ssoSignIn'],
    secret: users.internalTokenSecret,
  });
  for (const { subject, email, name, roles } of people) {
    await request(
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
  }
}
