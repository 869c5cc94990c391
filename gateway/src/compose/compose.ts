import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** rover's `supergraph.yaml`, the subset this project uses: one SDL file per subgraph. */
const supergraphYaml = z.object({
  federation_version: z.string(),
  subgraphs: z.record(
    z.string(),
    z.object({ routing_url: z.url(), schema: z.object({ file: z.string() }) }),
  ),
});

export interface SubgraphEntry {
  readonly name: string;
  readonly routingUrl: string;
  /** Absolute path of the subgraph's SDL snapshot. */
  readonly schemaFile: string;
}

export interface SupergraphConfig {
  readonly federationVersion: string;
  readonly subgraphs: readonly SubgraphEntry[];
}

export async function readSupergraphConfig(path: string): Promise<SupergraphConfig> {
  const parsed = supergraphYaml.parse(parseYaml(await readFile(path, 'utf8')));
  return {
    federationVersion: parsed.federation_version,
    subgraphs: Object.entries(parsed.subgraphs).map(([name, entry]) => ({
      name,
      routingUrl: entry.routing_url,
      schemaFile: resolve(dirname(path), entry.schema.file),
    })),
  };
}

/** Composition failed; the message lists every error with its code, one per line. */
export class CompositionError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Supergraph composition failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

export interface Composition {
  /** What the gateway serves: the schema plus how to route each field. */
  readonly supergraphSdl: string;
  /** What clients see: the API schema (no join directives, no `@inaccessible` parts). */
  readonly apiSdl: string;
}

/** Composes subgraph SDLs into the supergraph (what `rover supergraph compose` does) and its API schema. */
export function composeSupergraph(
  subgraphs: readonly { name: string; url: string; sdl: string }[],
): Composition {
  const result = composeServices(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.errors) {
    throw new CompositionError(
      result.errors.map(
        (error) => `[${String(error.extensions.code ?? 'ERROR')}] ${error.message}`,
      ),
    );
  }
  return {
    supergraphSdl: result.supergraphSdl,
    apiSdl: printSchema(result.schema.toAPISchema().toGraphQLJSSchema()),
  };
}
