import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * `npm run codegen`: the typed client (`@weace/client`) for the operations in
 * schema/operations, against the API schema `npm run compose` writes, plus
 * persisted-documents.json (hash → operation) for clients that send hashes.
 */
const config: CodegenConfig = {
  schema: 'schema/api.graphql',
  documents: ['schema/operations/**/*.graphql'],
  generates: {
    'packages/client/src/generated/': {
      preset: 'client',
      presetConfig: { persistedDocuments: true, fragmentMasking: false },
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
