import { SignJWT, errors, jwtVerify } from 'jose';
import { type Caller, type Identity, rolesFromGroups } from './identity';

/** The header that carries the gateway-signed identity to subgraphs. */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

const AUDIENCE = 'weace-subgraphs';
const ALGORITHM = 'HS256';

export interface InternalTokens {
  /** Signs who is calling, for one request. */
  sign(caller: Caller): Promise<string>;
  /** Verifies a token from {@link sign}; rejects (never returns a partial caller) when anything is off. */
  verify(token: string): Promise<Caller>;
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
    async sign(caller) {
      const claims =
        caller.kind === 'user'
          ? { kind: 'user', email: caller.identity.email, roles: caller.identity.roles }
          : caller.kind === 'service'
            ? { kind: 'service', service: caller.service }
            : { kind: 'anonymous' };
      const jwt = new SignJWT(claims)
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
    },
  };
}
