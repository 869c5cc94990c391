import { Pool } from 'undici';

export interface SubgraphInstancesOptions {
  /** The subgraph's name, for logs and reports. */
  readonly name: string;
  /** Its instances' GraphQL URLs (`SUBGRAPH_URL_<NAME>` may list several); their health is `<origin>/health`. */
  readonly urls: readonly string[];
  /** Keep-alive connections per instance, at most. Default 64. */
  readonly connections?: number;
  /** How often each instance's `/health` is asked. Default 2000 ms. */
  readonly probeIntervalMs?: number;
  /** A probe not answered within this counts as a failure. Default 1000 ms. */
  readonly probeTimeoutMs?: number;
}

/** One instance of a subgraph: its connection pool and what the last probe or fetch said of it. */
export interface SubgraphInstance {
  readonly url: string;
  /** The GraphQL path on the instance's origin, e.g. `/graphql`. */
  readonly path: string;
  readonly pool: Pool;
  healthy: boolean;
}

export interface InstanceReport {
  readonly status: 'up' | 'degraded' | 'down';
  readonly instances: readonly { readonly url: string; readonly status: 'up' | 'down' }[];
}

export interface SubgraphInstances {
  readonly name: string;
  /**
   * The next instance, round robin over the healthy ones; when none is
   * healthy, over all of them (a probe may lag, and trying costs one
   * refused connection). `except` is the instance that just failed.
   */
  pick(except?: SubgraphInstance): SubgraphInstance | undefined;
  /** A fetch could not connect: no more traffic until a probe finds it healthy again. */
  markDown(instance: SubgraphInstance): void;
  report(): InstanceReport;
  close(): Promise<void>;
}

/**
 * A subgraph's instances behind bounded keep-alive pools (undici), probed in
 * the background so an unhealthy one stops getting traffic within
 * `probeIntervalMs + probeTimeoutMs` and gets it again once it recovers.
 */
export function createSubgraphInstances(options: SubgraphInstancesOptions): SubgraphInstances {
  const connections = options.connections ?? 64;
  const probeIntervalMs = options.probeIntervalMs ?? 2000;
  const probeTimeoutMs = options.probeTimeoutMs ?? 1000;
  const instances: SubgraphInstance[] = options.urls.map((url) => {
    const parsed = new URL(url);
    return {
      url,
      path: parsed.pathname + parsed.search,
      pool: new Pool(parsed.origin, { connections, pipelining: 1 }),
      healthy: true,
    };
  });
  let next = 0;

  async function probe(instance: SubgraphInstance): Promise<void> {
    try {
      const { statusCode, body } = await instance.pool.request({
        path: '/health',
        method: 'GET',
        signal: AbortSignal.timeout(probeTimeoutMs),
      });
      await body.dump();
      instance.healthy = statusCode === 200;
    } catch {
      instance.healthy = false;
    }
  }
  const probeAll = () => void Promise.all(instances.map(probe));
  probeAll();
  const timer = setInterval(probeAll, probeIntervalMs);
  timer.unref();

  return {
    name: options.name,
    pick(except) {
      const healthy = instances.filter((i) => i.healthy && i !== except);
      const candidates = healthy.length ? healthy : instances.filter((i) => i !== except);
      if (!candidates.length) return undefined;
      next = (next + 1) % candidates.length;
      return candidates[next];
    },
    markDown(instance) {
      instance.healthy = false;
    },
    report() {
      const up = instances.filter((i) => i.healthy).length;
      return {
        status: up === instances.length ? 'up' : up ? 'degraded' : 'down',
        instances: instances.map((i) => ({ url: i.url, status: i.healthy ? 'up' : 'down' })),
      };
    },
    async close() {
      clearInterval(timer);
      await Promise.all(instances.map((i) => i.pool.destroy()));
    },
  };
}
