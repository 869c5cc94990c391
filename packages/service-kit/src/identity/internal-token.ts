import { type JWTPayload, SignJWT, errors, jwtVerify } from 'jose';
import { type Caller, type Identity, rolesFromGroups } from './identity';

/** The header that carries the gateway-signed identity to subgraphs. */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

const AUDIENCE = 'weace-subgraphs';
const ALGORITHM = 'HS256';

/** Facts about the client's request that a subgraph may act on besides who is calling. */
export interface RequestOrigin {
  /** The client's IP address as the gateway saw it (login throttling keys on it). */
  readonly clientIp?: string;
}

/** What a verified internal token tells a subgraph. */
export interface InternalRequest extends RequestOrigin {
  readonly caller: Caller;
}

export interface InternalTokens {
  /** Signs who is calling, for one request, with where the request came from when known. */
  sign(caller: Caller, origin?: RequestOrigin): Promise<string>;
  /** Verifies a token from {@link sign}; rejects (never returns a partial caller) when anything is off. */
  verify(token: string): Promise<InternalRequest>;
}

export interface InternalTokenOptions {
  /** Shared by the gateway and every subgraph; at least 32 characters. */
  readonly secret: string;
  /** Who signs: `gateway`, or a service calling another service. */
  readonly issuer: string;
  /** Token lifetime. Default 60 s: long enough for one request's fetches, too short to be worth stealing. */
  readonly ttlSeconds?: number;
}

/**
 * Short-lived tokens carrying the verified caller from the gateway (or a
 * calling service) to subgraphs. A caller cannot forge them the way it could
 * forge plain `x-user-*` headers: without the secret the signature fails.
 */
export function createInternalTokens(options: InternalTokenOptions): InternalTokens {
  const key = new TextEncoder().encode(options.secret);
  const ttl = options.ttlSeconds ?? 60;
  return {
    async sign(caller, origin = {}) {
      const claims =
        caller.kind === 'user'
          ? { kind: 'user', email: caller.identity.email, roles: caller.identity.roles }
          : caller.kind === 'service'
            ? { kind: 'service', service: caller.service }
            : { kind: 'anonymous' };
      // Signed with the caller, so nobody holding a token can claim another address for it.
      const jwt = new SignJWT({ ...claims, ...(origin.clientIp && { ip: origin.clientIp }) })
        .setProtectedHeader({ alg: ALGORITHM })
        .setIssuer(options.issuer)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${ttl}s`);
      if (caller.kind === 'user') jwt.setSubject(caller.identity.sub);
      return jwt.sign(key);
    },
    async verify(token) {
      const { payload } = await jwtVerify(token, key, {
        algorithms: [ALGORITHM],
        audience: AUDIENCE,
      });
      const caller = callerOf(payload);
      return typeof payload.ip === 'string' ? { caller, clientIp: payload.ip } : { caller };
    },
  };
}

function callerOf(payload: JWTPayload): Caller {
  switch (payload.kind) {
    case 'user': {
      if (typeof payload.sub !== 'string')
        throw new errors.JWTClaimValidationFailed('sub', payload);
      const identity: Identity = {
        sub: payload.sub,
        email: typeof payload.email === 'string' ? payload.email : undefined,
        roles: rolesFromGroups(payload.roles),
      };
      return { kind: 'user', identity };
    }
    case 'service':
      if (typeof payload.service !== 'string')
        throw new errors.JWTClaimValidationFailed('service', payload);
      return { kind: 'service', service: payload.service };
    case 'anonymous':
      return { kind: 'anonymous' };
    default:
      throw new errors.JWTClaimValidationFailed('kind', payload);
  }
}
