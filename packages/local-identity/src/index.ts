export {
  DEFAULT_USER_POOL_GROUPS,
  type LocalCognito,
  type LocalCognitoOptions,
  startLocalCognito,
} from './cognito/local-cognito';
export type { LocalCognitoMessage } from './cognito/local-cognito.services';
