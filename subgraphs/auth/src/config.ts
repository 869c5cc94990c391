import { ConfigError, type Env, type ServiceConfig, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';

/** The auth service's own variables, beside every service's (see `.env.example`). */
const authEnv = {
  /** The Amazon Cognito user pool; absent, an embedded cognito-local (development and tests). */
  COGNITO_USER_POOL_ID: z
    .string()
    .regex(/^[\w-]+_[0-9a-zA-Z]+$/, { error: 'expected a user pool id like eu-west-1_AbC123' })
    .optional(),
  /** The pool's app client: no secret, USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH allowed. */
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  /** Default: the region the pool id starts with. */
  COGNITO_REGION: z
    .string()
    .regex(/^[a-z0-9-]+$/, { error: 'expected a region such as eu-west-1' })
    .optional(),
  /** The Cognito API's URL when it is not AWS's, i.e. cognito-local's. */
  COGNITO_ENDPOINT: envVar.url().optional(),
  /** Where `ssoLoginUrl` sends people: the gateway's route that starts the SSO flow. */
  SSO_LOGIN_URL: envVar.url().optional(),
  /** Where `ssoLogoutUrl` sends people: the gateway's route that ends the SSO session. */
  SSO_LOGOUT_URL: envVar.url().optional(),
  /** Failed logins are counted in fixed windows of this length. */
  LOGIN_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** Failed logins of one account from one client IP per window before that pair is refused. */
  LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP: z.coerce.number().int().min(1).default(5),
  /** Failed logins one client IP may have per window, across accounts. */
  LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  /** Failed logins of one account, from anywhere, per window after which its logins are slowed down (never refused). */
  LOGIN_SLOW_DOWN_AFTER_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(20),
  /** How long each login of such an account waits first. */
  LOGIN_SLOW_DOWN_MS: z.coerce.number().int().min(0).max(10_000).default(1_000),
};

/** The Cognito user pool the service talks to. */
export interface CognitoSettings {
  readonly region: string;
  readonly userPoolId: string;
  readonly clientId: string;
  /** Set for cognito-local; absent for Amazon Cognito. */
  readonly endpoint?: string;
}

export interface SsoSettings {
  readonly loginUrl?: string;
  readonly logoutUrl?: string;
}

export interface ThrottlePolicy {
  readonly windowSeconds: number;
  /** Refuses one client IP's attempts on one account: the strict limit. */
  readonly maxFailuresPerAccountAndIp: number;
  /** Refuses one client IP's attempts on any account. */
  readonly maxFailuresPerIp: number;
  /**
   * Past this many failures on an account from anywhere, its logins wait
   * {@link slowDownMs} first. Never a refusal: that would let anyone lock out its owner.
   */
  readonly slowDownAfterFailuresPerAccount: number;
  readonly slowDownMs: number;
}

export interface AuthSettings {
  /** Absent: the service runs an embedded cognito-local, which development and tests allow. */
  readonly cognito?: CognitoSettings;
  readonly sso: SsoSettings;
  readonly throttle: ThrottlePolicy;
}

/** Reads the auth service's settings; throws {@link ConfigError} naming each bad variable. */
export function loadAuthSettings(env: Env, nodeEnv: ServiceConfig['nodeEnv']): AuthSettings {
  const parsed = parseEnv(authEnv, env);
  const poolId = parsed.COGNITO_USER_POOL_ID;
  const problems: string[] = [];
  if (!!poolId !== !!parsed.COGNITO_CLIENT_ID) {
    problems.push('COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID go together: set both or neither');
  }
  if (parsed.COGNITO_ENDPOINT && !poolId) {
    problems.push('COGNITO_ENDPOINT is set without COGNITO_USER_POOL_ID: name the pool it serves');
  }
  if (!poolId && nodeEnv === 'production') {
    problems.push(
      'COGNITO_USER_POOL_ID is required in production: the embedded cognito-local is for development and tests',
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    cognito:
      poolId && parsed.COGNITO_CLIENT_ID
        ? {
            region: parsed.COGNITO_REGION ?? poolId.slice(0, poolId.indexOf('_')),
            userPoolId: poolId,
            clientId: parsed.COGNITO_CLIENT_ID,
            endpoint: parsed.COGNITO_ENDPOINT?.replace(/\/+$/, ''),
          }
        : undefined,
    sso: { loginUrl: parsed.SSO_LOGIN_URL, logoutUrl: parsed.SSO_LOGOUT_URL },
    throttle: {
      windowSeconds: parsed.LOGIN_FAILURE_WINDOW_SECONDS,
      maxFailuresPerAccountAndIp: parsed.LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_IP,
      maxFailuresPerIp: parsed.LOGIN_MAX_FAILURES_PER_IP,
      slowDownAfterFailuresPerAccount: parsed.LOGIN_SLOW_DOWN_AFTER_FAILURES_PER_ACCOUNT,
      slowDownMs: parsed.LOGIN_SLOW_DOWN_MS,
    },
  };
}
