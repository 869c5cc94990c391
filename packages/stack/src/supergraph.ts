import { join } from 'node:path';
import { printSubgraphSchema } from '@apollo/subgraph';
import { type SupergraphConfig, composeSupergraph, readSupergraphConfig } from '@weace/gateway';
import { subgraphSchema } from '@weace/service-kit';
import { subgraphs } from './subgraphs';

export interface ComposedSupergraph {
  readonly config: SupergraphConfig;
  /** Subgraph name → its SDL, printed from the code. */
  readonly subgraphSdl: Readonly<Record<string, string>>;
  readonly supergraphSdl: string;
  /** The schema clients see (codegen's input). */
  readonly apiSdl: string;
}

/**
 * Prints every subgraph's SDL from its code and composes them with the
 * routing URLs of `supergraph.yaml`, as `rover supergraph compose` would from
 * the printed files.
 */
export async function composeFromCode(root: string): Promise<ComposedSupergraph> {
  const config = await readSupergraphConfig(join(root, 'supergraph.yaml'));
  const subgraphSdl: Record<string, string> = {};
  for (const definition of subgraphs) {
    subgraphSdl[definition.name] = printSubgraphSchema(await subgraphSchema(definition));
  }
  const missing = config.subgraphs.filter(({ name }) => !subgraphSdl[name]).map(({ name }) => name);
  if (missing.length)
    throw new Error(`supergraph.yaml lists subgraphs with no code: ${missing.join(', ')}`);
  const { supergraphSdl, apiSdl } = composeSupergraph(
    config.subgraphs.map(({ name, routingUrl }) => ({
      name,
      url: routingUrl,
      sdl: subgraphSdl[name]!,
    })),
  );
  return { config, subgraphSdl, supergraphSdl, apiSdl };
}
