import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CompositionError } from '@weace/gateway';
import { composeFromCode } from './supergraph';

/**
 * `npm run compose`: writes schema/<subgraph>.graphql, schema/supergraph.graphql
 * (the gateway's) and schema/api.graphql (the clients', codegen's input).
 */
async function main() {
  const root = process.cwd();
  const { config, subgraphSdl, supergraphSdl, apiSdl } = await composeFromCode(root);
  for (const { name, schemaFile } of config.subgraphs) {
    await writeFile(schemaFile, subgraphSdl[name]!);
    console.log(`wrote ${schemaFile}`);
  }
  const target = join(root, 'schema', 'supergraph.graphql');
  await writeFile(target, supergraphSdl);
  console.log(`wrote ${target} (${config.subgraphs.length} subgraphs)`);
  await writeFile(join(root, 'schema', 'api.graphql'), apiSdl);
  console.log(`wrote ${join(root, 'schema', 'api.graphql')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof CompositionError ? error.message : error);
  process.exit(1);
});
