import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type JWK, SignJWT, exportJWK, generateKeyPair, importJWK } from 'jose';
import { listen } from '@weace/service-kit';

/** What a token from the local issuer says about its holder. */
export interface LocalTokenClaims {
  readonly sub: string;
  readonly email?: string;
  readonly groups?: readonly string[];
}

export interface LocalIssuerOptions {
  /** 0 = any free port. The issuer URL contains the port, so tokens outlive a restart only on a fixed one. */
  readonly port: number;
  /** The `client_id` put in access tokens. */
  readonly clientId: string;
  /** Keeps the signing key across restarts (development); absent: a new key per start (tests). */
  readonly keyFile?: string;
  /** Access-token lifetime. Default 3600 s, as Cognito's. */
  readonly ttlSeconds?: number;
}

export interface LocalIssuer {
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientId: string;
  issue(claims: LocalTokenClaims): Promise<string>;
  stop(): Promise<void>;
}

const KID = 'local-1';

async function loadOrCreateKey(keyFile: string | undefined): Promise<JWK> {
  if (keyFile) {
    const saved = await readFile(keyFile, 'utf8').catch(() => undefined);
    if (saved) return JSON.parse(saved) as JWK;
  }
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  if (keyFile) {
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFile(keyFile, JSON.stringify(jwk), { mode: 0o600 });
  }
  return jwk;
}

export interface LocalSignerOptions {
  /** The exact `iss` of the tokens. */
  readonly issuer: string;
  readonly clientId: string;
  readonly keyFile?: string;
  readonly ttlSeconds?: number;
}

export interface LocalSigner {
  /** A Cognito-shaped RS256 access token (`token_use`, `client_id`, `cognito:groups`). */
  issue(claims: LocalTokenClaims): Promise<string>;
  /** The public half, as a JWKS document. */
  readonly jwks: { keys: JWK[] };
}

/** Signs tokens for the local issuer; `npm run token` uses it without serving anything. */
export async function createLocalSigner(options: LocalSignerOptions): Promise<LocalSigner> {
  const privateJwk = await loadOrCreateKey(options.keyFile);
  const privateKey = await importJWK(privateJwk, 'RS256');
  const { kty, n, e } = privateJwk;
  return {
    jwks: { keys: [{ kty, n, e, kid: KID, alg: 'RS256', use: 'sig' }] },
    issue: ({ sub, email, groups }) =>
      new SignJWT({
        token_use: 'access',
        client_id: options.clientId,
        scope: 'openid email profile',
        ...(email && { email }),
        ...(groups && { 'cognito:groups': groups }),
      })
        .setProtectedHeader({ alg: 'RS256', kid: KID })
        .setIssuer(options.issuer)
        .setSubject(sub)
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds ?? 3600}s`)
        .sign(privateKey),
  };
}

/**
 * An RS256 token issuer with a JWKS endpoint: it stands in for the identity
 * provider in development and tests, so the gateway's aws-jwt-verify path is
 * the real one. Never used in production.
 */
export async function startLocalIssuer(options: LocalIssuerOptions): Promise<LocalIssuer> {
  let jwks = '';
  const http = await listen((req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(jwks);
    } else {
      res.writeHead(404).end();
    }
  }, options.port);
  const signer = await createLocalSigner({ ...options, issuer: http.url });
  jwks = JSON.stringify(signer.jwks);
  return {
    issuer: http.url,
    jwksUri: `${http.url}/.well-known/jwks.json`,
    clientId: options.clientId,
    issue: signer.issue,
    stop: http.close,
  };
}
