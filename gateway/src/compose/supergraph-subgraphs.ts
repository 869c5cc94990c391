import { Kind, parse } from 'graphql';
import type { SubgraphEndpoint } from '../health/subgraph-health';

/** The subgraphs a composed supergraph routes to: its `join__Graph` enum's `@join__graph(name, url)`. */
export function subgraphsOf(supergraphSdl: string): SubgraphEndpoint[] {
  const document = parse(supergraphSdl);
  const graphs = document.definitions.find(
    (definition) =>
      definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph',
  );
  if (graphs?.kind !== Kind.ENUM_TYPE_DEFINITION) return [];
  return (graphs.values ?? []).flatMap((value) => {
    const directive = value.directives?.find((d) => d.name.value === 'join__graph');
    const argument = (name: string) => {
      const node = directive?.arguments?.find((a) => a.name.value === name)?.value;
      return node?.kind === Kind.STRING ? node.value : undefined;
    };
    const name = argument('name');
    const url = argument('url');
    return name && url ? [{ name, url }] : [];
  });
}
