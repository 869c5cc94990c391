export {
  type LocalCognito,
  type LocalCognitoOptions,
  startLocalCognito,
} from './cognito/local-cognito';
export type { LocalCognitoMessage } from './cognito/local-cognito.services';
export type { LocalOidcAccount } from './oidc/account-directory';
export { signInLikeABrowser } from './oidc/browser-sign-in';
export {
  type LocalOidcProvider,
  type LocalOidcProviderOptions,
  startLocalOidcProvider,
} from './oidc/local-oidc-provider';
export type { LocalOidcClient } from './oidc/oidc-provider.configuration';
