export { DEMO_PASSWORD, demoPeople, type DemoPerson } from './demo-organisation';
export { ensureAccount, type AccountSpec } from './identity-accounts';
export { type LocalIdentity, type SeededPerson } from './local-identity';
export { startStack, type Stack, type StackOptions } from './stack';
export { subgraphs } from './subgraphs';
