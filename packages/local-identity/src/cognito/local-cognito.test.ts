import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import { type LocalCognito, startLocalCognito } from './local-cognito';
import type { LocalCognitoMessage } from './local-cognito.services';

// Talks the Cognito wire protocol directly, as the AWS SDK does.
async function call(cognito: LocalCognito, target: string, body: object) {
  const response = await fetch(cognito.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
    },
    body: JSON.stringify(body),
  });
  // Untyped wire JSON: the assertions are what check its shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

// aws-jwt-verify's own fetcher speaks https only; the local endpoints are plain http.
const httpJwksCache = () =>
  new SimpleJwksCache({
    fetcher: { fetch: async (uri: string) => (await fetch(uri)).arrayBuffer() },
  });

const dataDirs: string[] = [];
async function newDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'weace-local-cognito-'));
  dataDirs.push(dir);
  return dir;
}
afterAll(() => Promise.all(dataDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe('user pool bootstrap', () => {
  const started: LocalCognito[] = [];
  afterEach(() => Promise.all(started.splice(0).map((cognito) => cognito.stop())));

  it('creates WeAce’s pool, client and groups on first start and reuses them after a restart', async () => {
    const dataDir = await newDataDir();
    const outbox: LocalCognitoMessage[] = [];
    const first = await startLocalCognito({ port: 0, dataDir, onMessage: (m) => outbox.push(m) });
    started.push(first);

    const { body: pool } = await call(first, 'DescribeUserPool', { UserPoolId: first.userPoolId });
    expect(pool.UserPool).toMatchObject({
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireUppercase: true,
          RequireLowercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
        },
      },
    });
    const { body: groups } = await call(first, 'ListGroups', { UserPoolId: first.userPoolId });
    expect(groups.Groups.map((g: { GroupName: string }) => g.GroupName).sort()).toEqual([
      'ADMIN',
      'COACH',
      'LEARNER',
      'ORGANIZER',
    ]);

    const signUp = await call(first, 'SignUp', {
      ClientId: first.clientId,
      Username: 'ada@weace.test',
      Password: 'Correct1horse',
    });
    expect(signUp.status).toBe(200);
    expect(outbox).toEqual([
      { purpose: 'SignUp', destination: 'ada@weace.test', code: expect.stringMatching(/^\d{6}$/) },
    ]);
    await first.stop();
    started.pop();

    const second = await startLocalCognito({ port: 0, dataDir });
    started.push(second);
    expect(second).toMatchObject({ userPoolId: first.userPoolId, clientId: first.clientId });
    const { body: user } = await call(second, 'AdminGetUser', {
      UserPoolId: second.userPoolId,
      Username: 'ada@weace.test',
    });
    expect(user).toMatchObject({ Username: signUp.body.UserSub, UserStatus: 'UNCONFIRMED' });
  });

  it('persists every change of a burst of concurrent requests', async () => {
    const dataDir = await newDataDir();
    const first = await startLocalCognito({ port: 0, dataDir });
    started.push(first);
    const admin = (target: string, Username: string) =>
      call(first, target, { UserPoolId: first.userPoolId, Username, MessageAction: 'SUPPRESS' });
    const people = Array.from({ length: 40 }, (_, i) => `burst${i}@weace.test`);
    await Promise.all(people.map((email) => admin('AdminCreateUser', email)));
    await Promise.all(people.slice(20).map((email) => admin('AdminDeleteUser', email)));
    await first.stop();
    started.pop();

    const second = await startLocalCognito({ port: 0, dataDir });
    started.push(second);
    const { body } = await call(second, 'ListUsers', { UserPoolId: second.userPoolId });
    expect(body.Users).toHaveLength(20);
  });

  it('serves a discovery document naming its own issuer and JWKS', async () => {
    const cognito = await startLocalCognito({ port: 0, dataDir: await newDataDir() });
    started.push(cognito);
    const response = await fetch(`${cognito.issuer}/.well-known/openid-configuration`);
    await expect(response.json()).resolves.toMatchObject({
      issuer: cognito.issuer,
      jwks_uri: cognito.jwksUri,
    });
  });
});

describe('a running pool', () => {
  let cognito: LocalCognito;
  const admin = (target: string, body: object) =>
    call(cognito, target, { UserPoolId: cognito.userPoolId, ...body });
  const passwordLogin = (target: string, Username: string, Password: string) =>
    call(cognito, target, {
      ClientId: cognito.clientId,
      UserPoolId: cognito.userPoolId,
      AuthFlow: target === 'AdminInitiateAuth' ? 'ADMIN_USER_PASSWORD_AUTH' : 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: Username, PASSWORD: Password },
    });
  async function confirmedUser(Username: string, Password = 'Correct1horse') {
    await admin('AdminCreateUser', { Username, MessageAction: 'SUPPRESS' });
    await admin('AdminSetUserPassword', { Username, Password, Permanent: true });
  }

  beforeAll(async () => {
    cognito = await startLocalCognito({
      port: 0,
      dataDir: await newDataDir(),
      onMessage: () => undefined,
    });
  });
  afterAll(() => cognito.stop());

  it('issues tokens that aws-jwt-verify accepts against its JWKS, groups included', async () => {
    await confirmedUser('grace@weace.test');
    await admin('AdminAddUserToGroup', { Username: 'grace@weace.test', GroupName: 'COACH' });
    const { body } = await passwordLogin('InitiateAuth', 'grace@weace.test', 'Correct1horse');
    const { AccessToken, IdToken, ExpiresIn, TokenType } = body.AuthenticationResult;
    expect({ ExpiresIn, TokenType }).toEqual({ ExpiresIn: 3600, TokenType: 'Bearer' });

    const accessVerifier = JwtRsaVerifier.create(
      { issuer: cognito.issuer, jwksUri: cognito.jwksUri, audience: null },
      { jwksCache: httpJwksCache() },
    );
    await expect(accessVerifier.verify(AccessToken)).resolves.toMatchObject({
      token_use: 'access',
      client_id: cognito.clientId,
      'cognito:groups': ['COACH'],
    });
    const idVerifier = JwtRsaVerifier.create(
      { issuer: cognito.issuer, jwksUri: cognito.jwksUri, audience: cognito.clientId },
      { jwksCache: httpJwksCache() },
    );
    await expect(idVerifier.verify(IdToken)).resolves.toMatchObject({
      token_use: 'id',
      email: 'grace@weace.test',
      'cognito:groups': ['COACH'],
    });
  });

  it('answers a wrong password like Cognito [NotAuthorizedException]', async () => {
    await confirmedUser('alan@weace.test');
    for (const target of ['InitiateAuth', 'AdminInitiateAuth']) {
      const { status, body } = await passwordLogin(target, 'alan@weace.test', 'Wrong1password');
      expect(status).toBe(400);
      expect(body).toEqual({
        __type: 'NotAuthorizedException',
        message: 'Incorrect username or password.',
      });
    }
  });

  it('refuses disabled users on every sign-in flow [NotAuthorizedException]', async () => {
    await confirmedUser('edsger@weace.test');
    const { body } = await passwordLogin('AdminInitiateAuth', 'edsger@weace.test', 'Correct1horse');
    await admin('AdminDisableUser', { Username: 'edsger@weace.test' });

    const refresh = await call(cognito, 'InitiateAuth', {
      ClientId: cognito.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: body.AuthenticationResult.RefreshToken },
    });
    for (const { status, body: refused } of [
      await passwordLogin('InitiateAuth', 'edsger@weace.test', 'Correct1horse'),
      await passwordLogin('AdminInitiateAuth', 'edsger@weace.test', 'Correct1horse'),
      refresh,
    ]) {
      expect(status).toBe(400);
      expect(refused).toEqual({ __type: 'NotAuthorizedException', message: 'User is disabled.' });
    }
  });

  it('enforces the password policy on admin-set and challenge passwords [InvalidPasswordException]', async () => {
    await admin('AdminCreateUser', {
      Username: 'barbara@weace.test',
      TemporaryPassword: 'Temporary1pass',
      MessageAction: 'SUPPRESS',
    });
    const weakAdminSet = await admin('AdminSetUserPassword', {
      Username: 'barbara@weace.test',
      Password: 'alllowercase1',
      Permanent: true,
    });
    expect(weakAdminSet.body).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
    });

    const challenge = await passwordLogin('InitiateAuth', 'barbara@weace.test', 'Temporary1pass');
    expect(challenge.body.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    const weakAnswer = await call(cognito, 'RespondToAuthChallenge', {
      ClientId: cognito.clientId,
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: challenge.body.Session,
      ChallengeResponses: { USERNAME: 'barbara@weace.test', NEW_PASSWORD: 'NoDigitsHere' },
    });
    expect(weakAnswer.body).toEqual({
      __type: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have numeric characters',
    });
  });

  it('checks the temporary password before asking for a new one [NotAuthorizedException]', async () => {
    await admin('AdminCreateUser', {
      Username: 'carol@weace.test',
      TemporaryPassword: 'Temporary1pass',
      MessageAction: 'SUPPRESS',
    });
    const guessed = await passwordLogin('InitiateAuth', 'carol@weace.test', 'NotTheTemporary1');
    expect(guessed.body).toEqual({
      __type: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    const known = await passwordLogin('InitiateAuth', 'carol@weace.test', 'Temporary1pass');
    expect(known.body.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  });

  it('answers ForgotPassword for an unknown user as for a known one', async () => {
    const { status, body } = await call(cognito, 'ForgotPassword', {
      ClientId: cognito.clientId,
      Username: 'nobody@weace.test',
    });
    expect(status).toBe(200);
    expect(body.CodeDeliveryDetails).toEqual({
      AttributeName: 'email',
      DeliveryMedium: 'EMAIL',
      Destination: 'n***@w***',
    });
  });

  it('refuses a password change with a token it did not sign [NotAuthorizedException]', async () => {
    await confirmedUser('donald@weace.test');
    const { body } = await passwordLogin('InitiateAuth', 'donald@weace.test', 'Correct1horse');
    const [header, payload] = body.AuthenticationResult.AccessToken.split('.');
    const { status, body: refused } = await call(cognito, 'ChangePassword', {
      AccessToken: `${header}.${payload}.${Buffer.from('forged').toString('base64url')}`,
      PreviousPassword: 'Correct1horse',
      ProposedPassword: 'Changed1pass',
    });
    expect(status).toBe(400);
    expect(refused).toEqual({ __type: 'NotAuthorizedException', message: 'Invalid Access Token' });
  });
});
