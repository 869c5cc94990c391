import { Script, constants } from 'node:vm';

/**
 * `import()` through Node's own ESM loader.
 *
 * oidc-provider is ESM-only. Jest evaluates test files in a vm context whose loader cannot
 * `import()` without --experimental-vm-modules, and it also intercepts `require` and
 * `createRequire`. A function compiled with the main context's default loader runs the same
 * way under jest and under plain node, so there is one code path for tests and `npm start`.
 * (Node 20 prints a one-time ExperimentalWarning for this loader option.)
 */
export const importEsm = new Script('(specifier) => import(specifier)', {
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
}).runInThisContext() as (specifier: string) => Promise<unknown>;
