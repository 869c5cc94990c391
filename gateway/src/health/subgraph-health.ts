export interface SubgraphEndpoint {
  readonly name: string;
  /** The subgraph's GraphQL URL; its health is `GET <origin>/health`. */
  readonly url: string;
}

export interface HealthReport {
  readonly status: 'ok' | 'degraded';
  readonly subgraphs: Record<string, { status: 'ok' | 'down'; latencyMs: number }>;
}

/** Asks every subgraph's `/health` at once, each within `timeoutMs` (default 2000). */
export async function checkSubgraphs(
  subgraphs: readonly SubgraphEndpoint[],
  timeoutMs = 2000,
): Promise<HealthReport> {
  const results = await Promise.all(
    subgraphs.map(async ({ name, url }) => {
      const started = performance.now();
      const ok = await fetch(new URL('/health', url), {
        signal: AbortSignal.timeout(timeoutMs),
      }).then(
        (response) => response.ok,
        () => false,
      );
      const latencyMs = Math.round(performance.now() - started);
      return [name, { status: ok ? ('ok' as const) : ('down' as const), latencyMs }] as const;
    }),
  );
  return {
    status: results.every(([, r]) => r.status === 'ok') ? 'ok' : 'degraded',
    subgraphs: Object.fromEntries(results),
  };
}
