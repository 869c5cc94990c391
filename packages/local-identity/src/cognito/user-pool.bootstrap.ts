import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import type { CognitoLocalModules } from './cognito-local.modules';

/** The user pool and app client WeAce's local Cognito serves. */
export interface UserPoolIds {
  readonly userPoolId: string;
  readonly clientId: string;
}

// cognito-local names its files after pool ids; this one remembers which pool is WeAce's.
const IDS_FILE = 'weace-user-pool.json';

/**
 * Creates WeAce's user pool, app client and groups on the first run and reuses them later.
 *
 * Email is the username (`UsernameAttributes: ['email']`): people sign in with their email,
 * Cognito keeps it unique, and the immutable username it generates is the `sub`. Email is
 * auto-verified, so SignUp sends a confirmation code to it.
 */
export async function ensureUserPool(
  { errors, targets: { Targets } }: CognitoLocalModules,
  ctx: Context,
  services: Services,
  dataDir: string,
  groups: readonly string[],
): Promise<UserPoolIds> {
  const file = join(dataDir, IDS_FILE);
  const saved = await readSavedIds(file);
  const userPoolId =
    saved && (await poolExists(errors, ctx, services, saved.userPoolId))
      ? saved.userPoolId
      : await createUserPool(Targets, ctx, services);
  const savedClient = saved && (await services.cognito.getAppClient(ctx, saved.clientId));
  const clientId =
    savedClient && savedClient.UserPoolId === userPoolId
      ? savedClient.ClientId
      : await createAppClient(Targets, ctx, services, userPoolId);
  if (saved?.userPoolId !== userPoolId || saved.clientId !== clientId) {
    await writeFile(file, JSON.stringify({ userPoolId, clientId }, null, 2));
  }
  await ensureGroups(Targets, ctx, services, userPoolId, groups);
  return { userPoolId, clientId };
}

async function readSavedIds(file: string): Promise<UserPoolIds | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as UserPoolIds;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

type Targets = CognitoLocalModules['targets']['Targets'];

async function poolExists(
  errors: CognitoLocalModules['errors'],
  ctx: Context,
  services: Services,
  userPoolId: string,
) {
  try {
    await services.cognito.getUserPool(ctx, userPoolId);
    return true;
  } catch (error) {
    if (error instanceof errors.ResourceNotFoundError) return false;
    throw error;
  }
}

async function createUserPool(Targets: Targets, ctx: Context, services: Services): Promise<string> {
  const { UserPool } = await Targets.CreateUserPool(services)(ctx, {
    PoolName: 'weace',
    UsernameAttributes: ['email'],
    UsernameConfiguration: { CaseSensitive: false },
    AutoVerifiedAttributes: ['email'],
    AccountRecoverySetting: { RecoveryMechanisms: [{ Name: 'verified_email', Priority: 1 }] },
    MfaConfiguration: 'OFF',
    Policies: {
      PasswordPolicy: {
        MinimumLength: 8,
        RequireUppercase: true,
        RequireLowercase: true,
        RequireNumbers: true,
        RequireSymbols: false,
        TemporaryPasswordValidityDays: 7,
      },
    },
  });
  if (!UserPool?.Id) throw new Error('cognito-local created a user pool without an id');
  return UserPool.Id;
}

async function createAppClient(
  Targets: Targets,
  ctx: Context,
  services: Services,
  userPoolId: string,
): Promise<string> {
  const { UserPoolClient } = await Targets.CreateUserPoolClient(services)(ctx, {
    UserPoolId: userPoolId,
    ClientName: 'weace-auth',
    // No secret: the auth service calls InitiateAuth without a SECRET_HASH.
    GenerateSecret: false,
    ExplicitAuthFlows: [
      'ALLOW_USER_PASSWORD_AUTH',
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
    ],
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    RefreshTokenValidity: 30,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
  });
  if (!UserPoolClient?.ClientId) throw new Error('cognito-local created a client without an id');
  return UserPoolClient.ClientId;
}

async function ensureGroups(
  Targets: Targets,
  ctx: Context,
  services: Services,
  userPoolId: string,
  groups: readonly string[],
): Promise<void> {
  // listGroups, not getGroupByGroupName: the latter throws while the pool has no group at all.
  const pool = await services.cognito.getUserPool(ctx, userPoolId);
  const existing = new Set((await pool.listGroups(ctx)).map((group) => group.GroupName));
  for (const GroupName of groups.filter((name) => !existing.has(name))) {
    await Targets.CreateGroup(services)(ctx, { UserPoolId: userPoolId, GroupName });
  }
}
