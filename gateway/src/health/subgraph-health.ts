import type { InstanceReport, SubgraphInstances } from '../subgraphs/subgraph-instances';

export interface SubgraphEndpoint {
  readonly name: string;
  /** The subgraph's GraphQL URL; its health is `GET <origin>/health`. */
  readonly url: string;
}

export interface SubgraphsReport {
  /** `ok` when every instance of every subgraph is up. */
  readonly status: 'ok' | 'degraded';
  readonly subgraphs: Readonly<Record<string, InstanceReport>>;
}

/** Every subgraph's instances as the background probes last saw them (no request is sent). */
export function reportSubgraphs(all: readonly SubgraphInstances[]): SubgraphsReport {
  const subgraphs = Object.fromEntries(all.map((s) => [s.name, s.report()]));
  const ok = Object.values(subgraphs).every((report) => report.status === 'up');
  return { status: ok ? 'ok' : 'degraded', subgraphs };
}

/** Each subgraph's status by name only, for the public `/ready`: no URLs leave the admin port. */
export function subgraphStatuses(all: readonly SubgraphInstances[]): Record<string, string> {
  return Object.fromEntries(all.map((s) => [s.name, s.report().status]));
}
