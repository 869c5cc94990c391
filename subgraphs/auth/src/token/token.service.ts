import { type JwtPayload, type TokenVerifier, rolesFromGroups } from '@weace/service-kit';
import type { TokenVerification } from './token.types';

const INVALID: TokenVerification = {
  valid: false,
  tokenUse: null,
  subject: null,
  email: null,
  roles: null,
  clientId: null,
  issuer: null,
  issuedAt: null,
  expiresAt: null,
};

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const time = (seconds: unknown): Date | null =>
  typeof seconds === 'number' ? new Date(seconds * 1000) : null;

/** Verifies the identity provider's access and ID tokens with aws-jwt-verify. */
export class TokenService {
  constructor(private readonly verify: TokenVerifier) {}

  /** An invalid token is an answer, not an error; why it is invalid is not told. */
  async verifyToken(token: string): Promise<TokenVerification> {
    let claims: JwtPayload;
    try {
      claims = await this.verify(token);
    } catch {
      return INVALID;
    }
    return {
      valid: true,
      tokenUse: text(claims.token_use),
      subject: text(claims.sub),
      email: text(claims.email),
      roles: rolesFromGroups(claims['cognito:groups']),
      // Access tokens name their client in client_id, ID tokens in aud.
      clientId: text(claims.client_id) ?? text([claims.aud].flat()[0]),
      issuer: text(claims.iss),
      issuedAt: time(claims.iat),
      expiresAt: time(claims.exp),
    };
  }
}
