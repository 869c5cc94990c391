// @ts-check
/**
 * One jest run for the whole monorepo. TypeScript is transpiled by swc, which
 * (unlike esbuild) emits the decorator metadata type-graphql and typegoose read.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/subgraphs', '<rootDir>/gateway', '<rootDir>/e2e'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'commonjs', ignoreDynamic: true },
      },
    ],
  },
  // Real servers start inside tests (a stack is seven subgraphs); room on a two-core machine.
  testTimeout: 120_000,
  maxWorkers: 2,
};
