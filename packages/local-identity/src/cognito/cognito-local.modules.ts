import { pathToFileURL } from 'node:url';
import { importEsm } from '../esm-import';

/** The parts of cognito-local this package builds on. */
export interface CognitoLocalModules {
  readonly errors: typeof import('cognito-local/lib/errors');
  readonly router: typeof import('cognito-local/lib/server/Router');
  readonly server: typeof import('cognito-local/lib/server/server');
  readonly targets: typeof import('cognito-local/lib/targets/targets');
  readonly clock: typeof import('cognito-local/lib/services/clock');
  readonly cognitoService: typeof import('cognito-local/lib/services/cognitoService');
  readonly stormDb: typeof import('cognito-local/lib/services/dataStore/stormDb');
  readonly tokenGenerator: typeof import('cognito-local/lib/services/tokenGenerator');
  readonly userPoolService: typeof import('cognito-local/lib/services/userPoolService');
}

/**
 * Loads cognito-local with Node's own loader. Its targets reach otplib, whose dependencies are
 * ESM-only: Node 20 can require them, jest's module registry cannot. Everything taken from
 * cognito-local must come from here, in jest and in `npm start` alike, because its server
 * recognises Cognito errors with `instanceof`.
 */
export async function loadCognitoLocal(): Promise<CognitoLocalModules> {
  const load = async <T>(module: string): Promise<T> => {
    const url = pathToFileURL(require.resolve(`cognito-local/lib/${module}`)).href;
    return ((await importEsm(url)) as { default: T }).default;
  };
  const [
    errors,
    router,
    server,
    targets,
    clock,
    cognitoService,
    stormDb,
    tokenGenerator,
    userPool,
  ] = await Promise.all([
    load<CognitoLocalModules['errors']>('errors'),
    load<CognitoLocalModules['router']>('server/Router'),
    load<CognitoLocalModules['server']>('server/server'),
    load<CognitoLocalModules['targets']>('targets/targets'),
    load<CognitoLocalModules['clock']>('services/clock'),
    load<CognitoLocalModules['cognitoService']>('services/cognitoService'),
    load<CognitoLocalModules['stormDb']>('services/dataStore/stormDb'),
    load<CognitoLocalModules['tokenGenerator']>('services/tokenGenerator'),
    load<CognitoLocalModules['userPoolService']>('services/userPoolService'),
  ]);
  return {
    errors,
    router,
    server,
    targets,
    clock,
    cognitoService,
    stormDb,
    tokenGenerator,
    userPoolService: userPool,
  };
}
