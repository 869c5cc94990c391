import { ConfigError, type Env, type ServiceConfig, envVar, parseEnv } from '@weace/service-kit';

/** The users service's own variables, beside every service's (see `.env.example`). */
const usersEnv = {
  /** The auth subgraph's GraphQL endpoint, which registration calls service to service. */
  AUTH_SERVICE_URL: envVar.url().optional(),
};

/** Where the auth service listens when it runs beside users on its supergraph port. */
const LOCAL_AUTH_SERVICE_URL = 'http://127.0.0.1:3001/graphql';

export interface UsersSettings {
  readonly authServiceUrl: string;
}

/** Reads the users service's settings; throws {@link ConfigError} naming each bad variable. */
export function loadUsersSettings(env: Env, nodeEnv: ServiceConfig['nodeEnv']): UsersSettings {
  const parsed = parseEnv(usersEnv, env);
  if (!parsed.AUTH_SERVICE_URL && nodeEnv === 'production') {
    throw new ConfigError([
      'AUTH_SERVICE_URL is required in production: the auth service registration calls',
    ]);
  }
  return { authServiceUrl: parsed.AUTH_SERVICE_URL ?? LOCAL_AUTH_SERVICE_URL };
}
