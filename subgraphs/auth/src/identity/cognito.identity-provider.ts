import {
  type AttributeType,
  type AuthenticationResultType,
  CognitoIdentityProvider as CognitoApi,
  type CognitoIdentityProviderClientConfig,
  paginateAdminListGroupsForUser,
} from '@aws-sdk/client-cognito-identity-provider';
import { identityError, toIdentityError } from './cognito.errors';
import type {
  IdentityError,
  IdentityProvider,
  IdentityUser,
  IdentityUserStatus,
  LoginResult,
  RefreshedTokens,
  SessionTokens,
  SignUpResult,
} from './identity-provider';

export interface CognitoIdentityProviderOptions {
  readonly region: string;
  readonly userPoolId: string;
  /** An app client without secret allowing USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH. */
  readonly clientId: string;
  /** Overrides the Cognito API URL, e.g. cognito-local's. Default: the AWS regional endpoint. */
  readonly endpoint?: string;
  /** For the Admin* operations. Default: the AWS SDK's default credential chain. */
  readonly credentials?: CognitoIdentityProviderClientConfig['credentials'];
}

const USER_STATUSES: ReadonlySet<string> = new Set<IdentityUserStatus>([
  'UNCONFIRMED',
  'CONFIRMED',
  'FORCE_CHANGE_PASSWORD',
  'RESET_REQUIRED',
  'EXTERNAL_PROVIDER',
  'ARCHIVED',
  'COMPROMISED',
  'UNKNOWN',
]);

/**
 * The {@link IdentityProvider} over Amazon Cognito user pools, with the AWS SDK v3. The same
 * code runs against cognito-local through `endpoint`. Emails are trimmed and lower-cased, so
 * one address is one account whatever its spelling.
 */
export class CognitoIdentityProvider implements IdentityProvider {
  private readonly api: CognitoApi;
  private readonly userPoolId: string;
  private readonly clientId: string;

  constructor(options: CognitoIdentityProviderOptions) {
    const { region, endpoint, credentials } = options;
    this.api = new CognitoApi({ region, endpoint, credentials });
    this.userPoolId = options.userPoolId;
    this.clientId = options.clientId;
  }

  /** Releases the client's pooled connections. */
  close(): void {
    this.api.destroy();
  }

  async signUp(input: { email: string; password: string; name?: string }): Promise<SignUpResult> {
    const email = normalize(input.email);
    const { UserSub, UserConfirmed } = await translated(
      this.api.signUp({
        ClientId: this.clientId,
        Username: email,
        Password: input.password,
        UserAttributes: profileAttributes(email, input.name),
      }),
    );
    if (!UserSub) throw identityError('Unknown', 'SignUpWithoutSub');
    return { sub: UserSub, confirmed: UserConfirmed ?? false };
  }

  async confirmSignUp(input: { email: string; code: string }): Promise<void> {
    await translated(
      this.api.confirmSignUp({
        ClientId: this.clientId,
        Username: normalize(input.email),
        ConfirmationCode: input.code,
      }),
    );
  }

  async login(input: { email: string; password: string }): Promise<LoginResult> {
    const response = await translated(
      this.api.initiateAuth({
        ClientId: this.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: normalize(input.email), PASSWORD: input.password },
      }),
    ).catch((error: IdentityError) => {
      // An unknown email reads like a wrong password, so login does not reveal who has an account.
      throw error.kind === 'UserNotFound'
        ? identityError('InvalidCredentials', error.details.providerError)
        : error;
    });
    if (response.ChallengeName === 'NEW_PASSWORD_REQUIRED' && response.Session) {
      return { kind: 'newPasswordRequired', session: response.Session };
    }
    if (response.ChallengeName) {
      throw identityError('Unknown', `Unsupported challenge ${response.ChallengeName}`);
    }
    return { kind: 'authenticated', tokens: sessionTokens(response.AuthenticationResult) };
  }

  async completeNewPassword(input: {
    email: string;
    session: string;
    newPassword: string;
  }): Promise<SessionTokens> {
    const { AuthenticationResult } = await translated(
      this.api.respondToAuthChallenge({
        ClientId: this.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: input.session,
        ChallengeResponses: { USERNAME: normalize(input.email), NEW_PASSWORD: input.newPassword },
      }),
    );
    return sessionTokens(AuthenticationResult);
  }

  async refresh(input: { refreshToken: string }): Promise<RefreshedTokens> {
    const { AuthenticationResult } = await translated(
      this.api.initiateAuth({
        ClientId: this.clientId,
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        AuthParameters: { REFRESH_TOKEN: input.refreshToken },
      }),
    );
    return refreshedTokens(AuthenticationResult);
  }

  async globalSignOut(input: { accessToken: string }): Promise<void> {
    await translated(this.api.globalSignOut({ AccessToken: input.accessToken }));
  }

  async forgotPassword(input: { email: string }): Promise<void> {
    await translated(
      this.api.forgotPassword({ ClientId: this.clientId, Username: normalize(input.email) }),
    );
  }

  async confirmForgotPassword(input: {
    email: string;
    code: string;
    newPassword: string;
  }): Promise<void> {
    await translated(
      this.api.confirmForgotPassword({
        ClientId: this.clientId,
        Username: normalize(input.email),
        ConfirmationCode: input.code,
        Password: input.newPassword,
      }),
    );
  }

  async changePassword(input: {
    accessToken: string;
    previousPassword: string;
    proposedPassword: string;
  }): Promise<void> {
    await translated(
      this.api.changePassword({
        AccessToken: input.accessToken,
        PreviousPassword: input.previousPassword,
        ProposedPassword: input.proposedPassword,
      }),
    );
  }

  async adminCreateUser(input: {
    email: string;
    name?: string;
    temporaryPassword?: string;
    sendInvitation?: boolean;
  }): Promise<IdentityUser> {
    const email = normalize(input.email);
    const { User } = await translated(
      this.api.adminCreateUser({
        UserPoolId: this.userPoolId,
        Username: email,
        // The admin vouches for the address the invitation goes to.
        UserAttributes: [
          ...profileAttributes(email, input.name),
          { Name: 'email_verified', Value: 'true' },
        ],
        TemporaryPassword: input.temporaryPassword,
        DesiredDeliveryMediums: ['EMAIL'],
        MessageAction: input.sendInvitation ? undefined : 'SUPPRESS',
      }),
    );
    if (!User) throw identityError('Unknown', 'AdminCreateUserWithoutUser');
    return identityUser(User.Attributes, User.Enabled, User.UserStatus, []);
  }

  async adminSetPassword(input: {
    username: string;
    password: string;
    permanent: boolean;
  }): Promise<void> {
    await translated(
      this.api.adminSetUserPassword({
        UserPoolId: this.userPoolId,
        Username: normalize(input.username),
        Password: input.password,
        Permanent: input.permanent,
      }),
    );
  }

  async adminDeleteUser(input: { username: string }): Promise<void> {
    await translated(
      this.api.adminDeleteUser({
        UserPoolId: this.userPoolId,
        Username: normalize(input.username),
      }),
    );
  }

  async adminSetEnabled(input: { username: string; enabled: boolean }): Promise<void> {
    const target = { UserPoolId: this.userPoolId, Username: normalize(input.username) };
    await translated(
      input.enabled ? this.api.adminEnableUser(target) : this.api.adminDisableUser(target),
    );
  }

  async adminSetGroups(input: { username: string; groups: readonly string[] }): Promise<void> {
    const { Username } = await this.getUser(input.username);
    const current = new Set(await this.listGroups(Username));
    const wanted = new Set(input.groups);
    const target = { UserPoolId: this.userPoolId, Username };
    // One change at a time: a handful of groups at most, and no write races in the pool.
    for (const GroupName of wanted) {
      if (!current.has(GroupName)) {
        await translated(this.api.adminAddUserToGroup({ ...target, GroupName }));
      }
    }
    for (const GroupName of current) {
      if (!wanted.has(GroupName)) {
        await translated(this.api.adminRemoveUserFromGroup({ ...target, GroupName }));
      }
    }
  }

  async adminGetUser(input: { username: string }): Promise<IdentityUser> {
    const user = await this.getUser(input.username);
    const groups = await this.listGroups(user.Username);
    return identityUser(user.UserAttributes, user.Enabled, user.UserStatus, groups);
  }

  /**
   * The user with their canonical username. Group listing needs it: cognito-local matches
   * memberships against the username as given, so an email alias would find no groups.
   */
  private async getUser(username: string) {
    const user = await translated(
      this.api.adminGetUser({ UserPoolId: this.userPoolId, Username: normalize(username) }),
    );
    if (!user.Username) throw identityError('Unknown', 'AdminGetUserWithoutUsername');
    return { ...user, Username: user.Username };
  }

  private async listGroups(canonicalUsername: string): Promise<string[]> {
    const groups: string[] = [];
    const pages = paginateAdminListGroupsForUser(
      { client: this.api },
      { UserPoolId: this.userPoolId, Username: canonicalUsername },
    );
    try {
      for await (const page of pages) {
        groups.push(...(page.Groups ?? []).flatMap((group) => group.GroupName ?? []));
      }
    } catch (error) {
      throw toIdentityError(error);
    }
    return groups.sort();
  }
}

function normalize(emailOrUsername: string): string {
  return emailOrUsername.trim().toLowerCase();
}

function profileAttributes(email: string, name: string | undefined): AttributeType[] {
  return [{ Name: 'email', Value: email }, ...(name ? [{ Name: 'name', Value: name }] : [])];
}

function refreshedTokens(result: AuthenticationResultType | undefined): RefreshedTokens {
  const { AccessToken, IdToken, ExpiresIn } = result ?? {};
  if (!AccessToken || !IdToken || ExpiresIn === undefined) {
    throw identityError('Unknown', 'IncompleteAuthenticationResult');
  }
  return { accessToken: AccessToken, idToken: IdToken, expiresIn: ExpiresIn };
}

function sessionTokens(result: AuthenticationResultType | undefined): SessionTokens {
  const tokens = refreshedTokens(result);
  if (!result?.RefreshToken) throw identityError('Unknown', 'IncompleteAuthenticationResult');
  return { ...tokens, refreshToken: result.RefreshToken };
}

function identityUser(
  attributes: AttributeType[] | undefined,
  enabled: boolean | undefined,
  status: string | undefined,
  groups: readonly string[],
): IdentityUser {
  const value = (name: string) => attributes?.find((attribute) => attribute.Name === name)?.Value;
  const sub = value('sub');
  const email = value('email');
  if (!sub || !email) throw identityError('Unknown', 'UserWithoutSubOrEmail');
  return {
    sub,
    email,
    enabled: enabled ?? false,
    status: status && USER_STATUSES.has(status) ? (status as IdentityUserStatus) : 'UNKNOWN',
    groups,
  };
}

/** Cognito's failures as {@link IdentityError}s. */
function translated<T>(request: Promise<T>): Promise<T> {
  return request.catch((error: unknown) => {
    throw toIdentityError(error);
  });
}
