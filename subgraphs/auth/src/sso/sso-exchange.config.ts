import { ConfigError, type Env, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';
import type { SsoExchangeOptions } from './sso-exchange.service';

/** The auth service's SSO variables; `.env.example` explains each. */
const ssoEnv = {
  /** The Cognito Hosted UI's origin: its `/oauth2/token` redeems codes; the pool signs ID tokens. */
  SSO_HOSTED_UI_URL: envVar.url().optional(),
  /** Instead of the Hosted UI, another OpenID provider (the local one): its token endpoint… */
  SSO_TOKEN_URL: envVar.url().optional(),
  /** …the `iss` of its ID tokens… */
  SSO_ISSUER: envVar.url().optional(),
  /** …and its keys. */
  SSO_JWKS_URI: envVar.url().optional(),
  /** …and its token revocation endpoint (RFC 7009), used by SSO logout. Default: none. */
  SSO_REVOKE_URL: envVar.url().optional(),
  /** The app client browsers sign in for. Default: COGNITO_CLIENT_ID. */
  SSO_CLIENT_ID: z.string().min(1).optional(),
  /** A confidential app client's secret. Default: none (a public client; PKCE protects the code). */
  SSO_CLIENT_SECRET: z.string().min(1).optional(),
  COGNITO_USER_POOL_ID: z.string().min(1).optional(),
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
};

/**
 * Where the SSO code exchange redeems codes, or undefined when SSO is off
 * (neither SSO_HOSTED_UI_URL nor SSO_TOKEN_URL set). Every missing or
 * contradictory variable is reported by name at once.
 */
export function loadSsoExchangeOptions(env: Env): SsoExchangeOptions | undefined {
  const parsed = parseEnv(ssoEnv, env);
  const hostedUi = parsed.SSO_HOSTED_UI_URL;
  const other = {
    tokenEndpoint: parsed.SSO_TOKEN_URL,
    issuer: parsed.SSO_ISSUER,
    jwksUri: parsed.SSO_JWKS_URI,
  };
  if (!hostedUi && !Object.values(other).some(Boolean)) return undefined;

  const problems: string[] = [];
  const clientId = parsed.SSO_CLIENT_ID ?? parsed.COGNITO_CLIENT_ID;
  if (!clientId)
    problems.push('SSO_CLIENT_ID is required for SSO: the app client (or set COGNITO_CLIENT_ID)');
  if (hostedUi && other.tokenEndpoint) {
    problems.push('SSO_TOKEN_URL is invalid with SSO_HOSTED_UI_URL: set one provider or the other');
  }
  if (hostedUi && !parsed.COGNITO_USER_POOL_ID) {
    problems.push(
      'COGNITO_USER_POOL_ID is required with SSO_HOSTED_UI_URL: the pool signs its ID tokens',
    );
  }
  if (!hostedUi) {
    for (const [name, value] of [
      ['SSO_TOKEN_URL', other.tokenEndpoint],
      ['SSO_ISSUER', other.issuer],
      ['SSO_JWKS_URI', other.jwksUri],
    ] as const) {
      if (!value)
        problems.push(
          `${name} is required: SSO_TOKEN_URL, SSO_ISSUER and SSO_JWKS_URI go together`,
        );
    }
  }
  if (problems.length) throw new ConfigError(problems);

  return {
    clientId: clientId!,
    clientSecret: parsed.SSO_CLIENT_SECRET,
    ...(hostedUi
      ? {
          tokenEndpoint: `${new URL(hostedUi).origin}/oauth2/token`,
          revocationEndpoint: `${new URL(hostedUi).origin}/oauth2/revoke`,
          idTokenIssuer: { userPoolId: parsed.COGNITO_USER_POOL_ID! },
        }
      : {
          tokenEndpoint: other.tokenEndpoint!,
          revocationEndpoint: parsed.SSO_REVOKE_URL,
          idTokenIssuer: { issuer: other.issuer!, jwksUri: other.jwksUri! },
        }),
  };
}
