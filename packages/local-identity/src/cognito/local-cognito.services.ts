import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import type { Config } from 'cognito-local/lib/server/config';
import type { Services } from 'cognito-local/lib/services';
import type { Context } from 'cognito-local/lib/services/context';
import type { Messages } from 'cognito-local/lib/services/messages';
import type { Triggers } from 'cognito-local/lib/services/triggers';
import type { CognitoLocalModules } from './cognito-local.modules';
import { withSerializedWrites } from './serialized-data-store';

/** A message Amazon Cognito would have emailed; cognito-local hands it to the outbox instead. */
export interface LocalCognitoMessage {
  /**
   * Why it was sent: `SignUp` and `ForgotPassword` carry a verification code,
   * `AdminCreateUser` an invitation.
   */
  readonly purpose: Parameters<Messages['deliver']>[1];
  /** The email address it would have gone to. */
  readonly destination: string;
  /** The verification code; for `AdminCreateUser`, the temporary password. */
  readonly code: string;
}

/**
 * Assembles what cognito-local's own `createDefaultServer` assembles, with these differences:
 * state lives under `dataDir` instead of `./.cognito`, and each file's writes are serialized;
 * messages go to `onMessage` instead of a console banner; codes come from a CSPRNG and ignore
 * the `CODE` environment variable; and no Lambda triggers are wired, which keeps the AWS SDK v2
 * and the KMS client, needed only by triggers, from being loaded at all.
 */
export async function createCognitoLocalServices(options: {
  modules: CognitoLocalModules;
  ctx: Context;
  dataDir: string;
  issuerDomain: string;
  onMessage: (message: LocalCognitoMessage) => void;
}): Promise<Services> {
  const { modules, ctx, dataDir, issuerDomain, onMessage } = options;
  const dbDir = join(dataDir, 'db');
  const clock = new modules.clock.DateClock();
  const stores = withSerializedWrites(new modules.stormDb.StormDBDataStoreFactory(dbDir));
  const cognito = await new modules.cognitoService.CognitoServiceFactoryImpl(
    dbDir,
    stores,
    new modules.userPoolService.UserPoolServiceFactoryImpl(clock, stores),
  ).create(ctx, {});
  const config: Config = {
    LambdaClient: {},
    TriggerFunctions: {},
    UserPoolDefaults: {},
    ServerConfig: { development: false },
    TokenConfig: { IssuerDomain: issuerDomain },
  };
  return {
    clock,
    cognito,
    config,
    messages: {
      deliver: async (_ctx, purpose, _clientId, _poolId, _user, code, _metadata, delivery) =>
        onMessage({ purpose, destination: delivery.Destination, code }),
    },
    otp: () => randomInt(1_000_000).toString().padStart(6, '0'),
    tokenGenerator: new modules.tokenGenerator.JwtTokenGenerator(
      clock,
      noTriggers,
      config.TokenConfig,
    ),
    triggers: noTriggers,
  };
}

const triggerNotConfigured = () =>
  Promise.reject(new Error('cognito-local called a Lambda trigger, but none is configured'));

// cognito-local asks `enabled()` before invoking any trigger; WeAce's local pool has none.
const noTriggers: Triggers = {
  enabled: () => false,
  customMessage: triggerNotConfigured,
  customEmailSender: triggerNotConfigured,
  postAuthentication: triggerNotConfigured,
  postConfirmation: triggerNotConfigured,
  preSignUp: triggerNotConfigured,
  preTokenGeneration: triggerNotConfigured,
  userMigration: triggerNotConfigured,
};
