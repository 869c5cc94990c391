import { createPublicKey, verify } from 'node:crypto';
import cognitoLocalKey from 'cognito-local/lib/keys/cognitoLocal.public.json';

const publicKey = createPublicKey({ key: cognitoLocalKey.jwk, format: 'jwk' });

/** The claims cognito-local puts in access tokens that identify the user and the app client. */
export interface AccessTokenClaims {
  readonly username: string;
  readonly client_id: string;
}

/**
 * Verifies an access token the way Cognito does before acting on it (signature, expiry,
 * `token_use`); cognito-local's own targets only decode tokens. Throws with Cognito's
 * NotAuthorizedException message.
 */
export function verifyAccessToken(token: string, nowSeconds: number): AccessTokenClaims {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) {
    throw new Error('Invalid Access Token');
  }
  const signed = verify(
    'RSA-SHA256',
    Buffer.from(`${header}.${payload}`),
    publicKey,
    Buffer.from(signature, 'base64url'),
  );
  const claims = signed ? parseClaims(payload) : undefined;
  if (claims?.token_use !== 'access' || typeof claims.exp !== 'number') {
    throw new Error('Invalid Access Token');
  }
  if (claims.exp <= nowSeconds) throw new Error('Access Token has expired');
  if (typeof claims.username !== 'string' || typeof claims.client_id !== 'string') {
    throw new Error('Invalid Access Token');
  }
  return { username: claims.username, client_id: claims.client_id };
}

/** Seconds between a token's `iat` and `exp`, which Cognito reports as `ExpiresIn`. */
export function tokenLifetimeSeconds(token: string): number | undefined {
  const claims = parseClaims(token.split('.')[1] ?? '');
  const { iat, exp } = claims ?? {};
  return typeof iat === 'number' && typeof exp === 'number' ? exp - iat : undefined;
}

function parseClaims(payload: string): Record<string, unknown> | undefined {
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
