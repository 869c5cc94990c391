export { demoPeople } from './demo-organisation';
export {
  createLocalSigner,
  startLocalIssuer,
  type LocalIssuer,
  type LocalSigner,
  type LocalTokenClaims,
} from './local-issuer';
export { LOCAL_CLIENT_ID, startStack, type Stack, type StackOptions } from './stack';
export { subgraphs } from './subgraphs';
