import { IdentityError, type IdentityProvider } from '@weace/auth';

/** An account to have in the identity provider: confirmed, with a permanent password. */
export interface AccountSpec {
  readonly email: string;
  readonly name: string;
  readonly groups: readonly string[];
  readonly password: string;
}

/**
 * The account's subject, creating the account first when the provider has
 * none with that email: confirmed, email verified, the password permanent and
 * the groups set, so it can log in straight away. An existing account is left
 * as it is (its password may have been changed on purpose).
 */
export async function ensureAccount(
  identity: IdentityProvider,
  account: AccountSpec,
): Promise<{ readonly sub: string; readonly created: boolean }> {
  try {
    const { sub } = await identity.adminCreateUser({ email: account.email, name: account.name });
    await identity.adminSetPassword({
      username: account.email,
      password: account.password,
      permanent: true,
    });
    await identity.adminSetGroups({ username: account.email, groups: account.groups });
    return { sub, created: true };
  } catch (error) {
    if (!(error instanceof IdentityError && error.kind === 'UserExists')) throw error;
    const { sub } = await identity.adminGetUser({ username: account.email });
    return { sub, created: false };
  }
}
