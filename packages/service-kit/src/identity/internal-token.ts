import { type JWTPayload, SignJWT, errors, jwtVerify } from 'jose';
import { type Caller, type Identity, rolesFromGroups } from './identity';

/** The header that carries the gateway-signed identity to subgraphs. */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

const ALGORITHM = 'HS256';

/**
 * The shared secret, or during a rotation a list of them: the first signs,
 * every one verifies. Rotate by prepending the new secret on every service,
 * then, once all run with it, removing the old one.
 */
export type InternalTokenSecret = string | readonly string[];

/** Facts about the client's request that a subgraph may act on besides who is calling. */
export interface RequestOrigin {
  /** The client's IP address as the gateway saw it (login throttling keys on it). */
  readonly clientIp?: string;
}

/** What a verified internal token tells a subgraph. */
export interface InternalRequest extends RequestOrigin {
  readonly caller: Caller;
}

export interface SignOptions extends RequestOrigin {
  /** The subgraph the token is for: any other refuses it, so a token captured on one is no key to the rest. */
  readonly audience: string;
}

export interface InternalTokens {
  /** Signs who is calling, for one subgraph, with where the request came from when known. */
  sign(caller: Caller, options: SignOptions): Promise<string>;
  /**
   * Verifies a token from {@link sign} addressed to this service
   * ({@link InternalTokenOptions.service}); rejects (never returns a partial
   * caller) when anything is off.
   */
  verify(token: string): Promise<InternalRequest>;
  /** The lifetime of the tokens {@link sign} makes, in seconds. */
  readonly ttlSeconds: number;
}

export interface InternalTokenOptions {
  /** Shared by the gateway and every subgraph; each at least 32 characters. */
  readonly secret: InternalTokenSecret;
  /** This service's name: the issuer of what it signs, the only audience it accepts. */
  readonly service: string;
  /** Token lifetime. Default 60 s: long enough for one fetch, too short to be worth stealing. */
  readonly ttlSeconds?: number;
}

/** The secrets of an {@link InternalTokenSecret}, current first. */
export function secretsOf(secret: InternalTokenSecret): readonly string[] {
  const list = typeof secret === 'string' ? secret.split(',').map((s) => s.trim()) : secret;
  const secrets = list.filter(Boolean);
  if (!secrets.length) throw new Error('An internal token secret is required');
  return secrets;
}

/**
 * Short-lived tokens carrying the verified caller from the gateway (or a
 * calling service) to one subgraph. A caller cannot forge them the way it
 * could forge plain `x-user-*` headers: without the secret the signature fails.
 */
export function createInternalTokens(options: InternalTokenOptions): InternalTokens {
  const keys = secretsOf(options.secret).map((secret) => new TextEncoder().encode(secret));
  const ttl = options.ttlSeconds ?? 60;
  return {
    ttlSeconds: ttl,
    async sign(caller, { audience, clientIp }) {
      // Signed with the caller, so nobody holding a token can claim another address for it.
      const jwt = new SignJWT({ ...claimsOf(caller), ...(clientIp && { ip: clientIp }) })
        .setProtectedHeader({ alg: ALGORITHM })
        .setIssuer(options.service)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttl}s`);
      if (caller.kind === 'user') jwt.setSubject(caller.identity.sub);
      return jwt.sign(keys[0]!);
    },
    async verify(token) {
      let failure: unknown;
      for (const key of keys) {
        try {
          const { payload } = await jwtVerify(token, key, {
            algorithms: [ALGORITHM],
            audience: options.service,
          });
          const caller = callerOf(payload);
          return typeof payload.ip === 'string' ? { caller, clientIp: payload.ip } : { caller };
        } catch (error) {
          // Only a signature that fails may pass to the next (older) secret; anything else is final.
          if (!(error instanceof errors.JWSSignatureVerificationFailed)) throw error;
          failure = error;
        }
      }
      throw failure;
    },
  };
}

function claimsOf(caller: Caller): JWTPayload {
  switch (caller.kind) {
    case 'user':
      return {
        kind: 'user',
        uid: caller.identity.userId,
        email: caller.identity.email,
        roles: caller.identity.roles,
      };
    case 'service':
      return { kind: 'service', service: caller.service, ops: caller.operations };
    case 'anonymous':
      return { kind: 'anonymous' };
  }
}

function callerOf(payload: JWTPayload): Caller {
  switch (payload.kind) {
    case 'user': {
      if (typeof payload.sub !== 'string')
        throw new errors.JWTClaimValidationFailed('sub', payload);
      const identity: Identity = {
        sub: payload.sub,
        userId: typeof payload.uid === 'string' ? payload.uid : undefined,
        email: typeof payload.email === 'string' ? payload.email : undefined,
        roles: rolesFromGroups(payload.roles),
      };
      return { kind: 'user', identity };
    }
    case 'service': {
      const { service, ops } = payload;
      if (typeof service !== 'string')
        throw new errors.JWTClaimValidationFailed('service', payload);
      if (!Array.isArray(ops) || !ops.every((op) => typeof op === 'string'))
        throw new errors.JWTClaimValidationFailed('ops', payload);
      return { kind: 'service', service, operations: ops as string[] };
    }
    case 'anonymous':
      return { kind: 'anonymous' };
    default:
      throw new errors.JWTClaimValidationFailed('kind', payload);
  }
}
