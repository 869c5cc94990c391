import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProvider } from '@weace/auth';
import {
  type LocalCognito,
  type LocalCognitoMessage,
  type LocalOidcAccount,
  type LocalOidcProvider,
  startLocalCognito,
  startLocalOidcProvider,
} from '@weace/local-identity';
import type { Logger } from '@weace/service-kit';
import { ensureAccount } from './identity-accounts';
import { DEMO_PASSWORD, type DemoPerson } from './demo-organisation';

/** The OpenID client the gateway's SSO routes sign browsers in for. */
export const LOCAL_SSO_CLIENT_ID = 'weace-sso';

export interface LocalIdentityOptions {
  /**
   * Keeps the user pool (`<dataDir>/cognito`) and the OpenID provider's signing
   * key (`<dataDir>/oidc`) across restarts. Absent: a temporary directory,
   * removed on stop.
   */
  readonly dataDir?: string;
  /** 0 = any free port. */
  readonly cognitoPort: number;
  /** 0 = any free port. */
  readonly oidcPort: number;
  /** The gateway's `/auth/sso/callback`, the only redirect URI the SSO client may use. */
  readonly ssoRedirectUri: string;
  /** Accounts to have in both: same subject and email in cognito-local and the OpenID provider. */
  readonly people: readonly DemoPerson[];
  /** Accounts of the OpenID provider only (tests of first SSO sign-ins). */
  readonly ssoOnlyAccounts?: readonly LocalOidcAccount[];
  /** cognito-local's "emails" (codes included, as cognito-local prints them) and errors. */
  readonly logger: Logger;
}

/** A demo person with the subject their account got. */
export type SeededPerson = DemoPerson & { readonly subject: string };

/** The OpenID provider's endpoints, from its discovery document. */
export interface OidcEndpoints {
  readonly authorization: string;
  readonly token: string;
  readonly endSession: string;
  readonly revocation: string;
}

export interface LocalIdentity {
  readonly cognito: LocalCognito;
  readonly oidc: LocalOidcProvider & { readonly endpoints: OidcEndpoints };
  /** The OpenID client of the gateway's SSO routes; the secret is new on every start. */
  readonly ssoClient: { readonly clientId: string; readonly clientSecret: string };
  /** The Cognito adapter over cognito-local, as the auth service uses it. */
  readonly provider: CognitoIdentityProvider;
  readonly people: readonly SeededPerson[];
  /** The last code cognito-local "emailed" to `email` for `purpose` (sign-up, reset). */
  lastCode(email: string, purpose: LocalCognitoMessage['purpose']): string | undefined;
  stop(): Promise<void>;
}

// Enough to find a newcomer's code; npm start runs for days.
const KEPT_MESSAGES = 200;

/**
 * cognito-local with WeAce's pool, client and groups, and the OpenID provider
 * standing in for the Hosted UI, both seeded with the same people: each
 * person's Cognito `sub` is also their subject at the OpenID provider, so a
 * password login and an SSO sign-in land on the same profile.
 */
export async function startLocalIdentity(options: LocalIdentityOptions): Promise<LocalIdentity> {
  const { logger } = options;
  const temporary = options.dataDir ? undefined : await mkdtemp(join(tmpdir(), 'weace-identity-'));
  const dataDir = (options.dataDir ?? temporary)!;
  const stops: (() => Promise<void>)[] = [];
  if (temporary) stops.push(() => rm(temporary, { recursive: true, force: true }));
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };

  try {
    const messages: LocalCognitoMessage[] = [];
    const cognito = await startLocalCognito({
      port: options.cognitoPort,
      dataDir: join(dataDir, 'cognito'),
      onMessage(message) {
        messages.push(message);
        messages.splice(0, messages.length - KEPT_MESSAGES);
        // Locally the log is the mailbox. An invitation's temporary password stays out of it.
        logger.info(
          { purpose: message.purpose, destination: message.destination },
          message.purpose === 'AdminCreateUser'
            ? `invitation for ${message.destination}`
            : `${message.purpose} code for ${message.destination}: ${message.code}`,
        );
      },
      onError: (message) => logger.error(message),
    });
    stops.push(() => cognito.stop());
    const provider = new CognitoIdentityProvider({
      region: cognito.region,
      endpoint: cognito.endpoint,
      userPoolId: cognito.userPoolId,
      clientId: cognito.clientId,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    stops.push(async () => provider.close());

    const people: SeededPerson[] = [];
    for (const person of options.people) {
      const { sub, created } = await ensureAccount(provider, {
        email: person.email,
        name: person.name,
        groups: person.roles,
        password: DEMO_PASSWORD,
      });
      if (created) logger.info({ email: person.email }, 'created a demo account');
      people.push({ ...person, subject: sub });
    }

    const ssoClient = {
      clientId: LOCAL_SSO_CLIENT_ID,
      clientSecret: randomBytes(32).toString('base64url'),
    };
    const oidc = await startLocalOidcProvider({
      port: options.oidcPort,
      clients: [{ ...ssoClient, redirectUris: [options.ssoRedirectUri] }],
      accounts: [
        ...people.map((person) => ({
          sub: person.subject,
          email: person.email,
          name: person.name,
          groups: person.roles,
          password: DEMO_PASSWORD,
        })),
        ...(options.ssoOnlyAccounts ?? []),
      ],
      dataDir: options.dataDir && join(options.dataDir, 'oidc'),
    });
    stops.push(() => oidc.stop());

    return {
      cognito,
      oidc: { ...oidc, endpoints: await discover(oidc.issuer) },
      ssoClient,
      provider,
      people,
      lastCode: (email, purpose) =>
        messages.findLast((m) => m.destination === email && m.purpose === purpose)?.code,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function discover(issuer: string): Promise<OidcEndpoints> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`);
  const document = (await response.json()) as Record<string, unknown>;
  const endpoint = (name: string) => {
    const value = document[name];
    if (typeof value !== 'string') throw new Error(`The OpenID provider has no ${name}`);
    return value;
  };
  return {
    authorization: endpoint('authorization_endpoint'),
    token: endpoint('token_endpoint'),
    endSession: endpoint('end_session_endpoint'),
    revocation: endpoint('revocation_endpoint'),
  };
}
