import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CompositionError } from '@weace/gateway';
import { composeFromCode } from './supergraph';

/** `npm run compose`: writes schema/<subgraph>.graphql and schema/supergraph.graphql. */
async function main() {
  const root = process.cwd();
  const { config, subgraphSdl, supergraphSdl } = await composeFromCode(root);
  for (const { name, schemaFile } of config.subgraphs) {
    await writeFile(schemaFile, subgraphSdl[name]!);
    console.log(`wrote ${schemaFile}`);
  }
  const target = join(root, 'schema', 'supergraph.graphql');
  await writeFile(target, supergraphSdl);
  console.log(`wrote ${target} (${config.subgraphs.length} subgraphs)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof CompositionError ? error.message : error);
  process.exit(1);
});
