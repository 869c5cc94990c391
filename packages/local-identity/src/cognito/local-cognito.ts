import { mkdir } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocally } from '../http-server';
import { loadCognitoLocal } from './cognito-local.modules';
import { fidelityTargets } from './fidelity-targets';
import { createCognitoLocalServices, type LocalCognitoMessage } from './local-cognito.services';
import { createQuietLogger } from './quiet-logger';
import { ensureUserPool } from './user-pool.bootstrap';

/** The Cognito groups WeAce's roles map to. */
export const DEFAULT_USER_POOL_GROUPS: readonly string[] = [
  'ADMIN',
  'COACH',
  'ORGANIZER',
  'LEARNER',
];

export interface LocalCognitoOptions {
  /** TCP port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly host?: string;
  /** Where the user pool is kept across restarts (`.data/cognito` in dev). Created if missing. */
  readonly dataDir: string;
  /** Groups to create in the pool. Default {@link DEFAULT_USER_POOL_GROUPS}. */
  readonly groups?: readonly string[];
  /**
   * Receives what Cognito would email (sign-up and reset codes, invitations).
   * Default: prints a line to stderr, codes included, temporary passwords withheld.
   */
  readonly onMessage?: (message: LocalCognitoMessage) => void;
  /** Receives cognito-local's internal errors, e.g. an unsupported operation. Default: stderr. */
  readonly onError?: (message: string) => void;
}

export interface LocalCognito {
  /** Pass as the AWS SDK's `endpoint`. */
  readonly endpoint: string;
  /** Pass as the AWS SDK's `region`; cognito-local's pool ids and ARNs use `local`. */
  readonly region: string;
  readonly userPoolId: string;
  /**
   * App client without secret, allowing USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH and
   * REFRESH_TOKEN_AUTH.
   */
  readonly clientId: string;
  /** The `iss` of every token: `<endpoint>/<userPoolId>` (plain http, so not Cognito's format). */
  readonly issuer: string;
  readonly jwksUri: string;
  stop(): Promise<void>;
}

/**
 * Runs cognito-local in this process: the Cognito API (the `x-amz-target` JSON protocol the
 * AWS SDK speaks) over HTTP, with WeAce's user pool created on first run under `dataDir`.
 */
export async function startLocalCognito(options: LocalCognitoOptions): Promise<LocalCognito> {
  const { port, host = '127.0.0.1', dataDir, groups = DEFAULT_USER_POOL_GROUPS } = options;
  const modules = await loadCognitoLocal();
  const { createServer } = modules.server;
  await mkdir(dataDir, { recursive: true });
  const { server, handle } = await listenLocally(port, host);
  try {
    const logger = createQuietLogger(options.onError ?? printError);
    const ctx = { logger };
    const services = await createCognitoLocalServices({
      modules,
      ctx,
      dataDir,
      issuerDomain: server.url,
      onMessage: options.onMessage ?? printMessage,
    });
    const { userPoolId, clientId } = await ensureUserPool(modules, ctx, services, dataDir, groups);
    const cognitoLocalRoute = modules.router.Router(services);
    const fixed = fidelityTargets(modules, services);
    // Without `services`, createServer leaves out cognito-local's /oauth2 login form, which
    // echoes query parameters into HTML unescaped; the Hosted UI stand-in is oidc-provider.
    const { application } = createServer(
      (target) => fixed[target] ?? cognitoLocalRoute(target),
      // createServer is typed for a pino Logger; it only calls child() and the level methods.
      logger as unknown as Parameters<typeof createServer>[1],
      { development: false },
    );
    const issuer = `${server.url}/${userPoolId}`;
    const jwksUri = `${issuer}/.well-known/jwks.json`;
    const discoveryPath = `/${userPoolId}/.well-known/openid-configuration`;
    handle((req, res) =>
      req.method === 'GET' && req.url === discoveryPath
        ? serveDiscovery(res, issuer, jwksUri)
        : application(req as IncomingMessage, res),
    );
    return {
      endpoint: server.url,
      region: 'local',
      userPoolId,
      clientId,
      issuer,
      jwksUri,
      stop: () => server.close(),
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

// cognito-local's own discovery document always names http://localhost:9229.
function serveDiscovery(res: ServerResponse, issuer: string, jwksUri: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({ issuer, jwks_uri: jwksUri, id_token_signing_alg_values_supported: ['RS256'] }),
  );
}

// Stands in for the email. An invitation carries a temporary password, which stays out of logs.
function printMessage({ purpose, destination, code }: LocalCognitoMessage): void {
  const text =
    purpose === 'AdminCreateUser'
      ? `invitation with a temporary password for ${destination}`
      : `${purpose} code for ${destination}: ${code}`;
  process.stderr.write(`[cognito-local] ${text}\n`);
}

function printError(message: string): void {
  process.stderr.write(`[cognito-local] ${message}\n`);
}
