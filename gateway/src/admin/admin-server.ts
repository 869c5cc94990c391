import {
  type Listening,
  type Logger,
  type Metrics,
  createHttpApp,
  listen,
} from '@weace/service-kit';
import type { SubgraphsReport } from '../health/subgraph-health';

export interface AdminServerOptions {
  /** Default 127.0.0.1: only this host (or a sidecar) can read it. */
  readonly host?: string;
  /** Default 9100; 0 = any free port. */
  readonly port: number;
  readonly metrics: Metrics['registry'];
  /** What `/health/subgraphs` answers: every subgraph instance's URL and status. */
  readonly subgraphs: () => SubgraphsReport;
  /** The same readiness as the client port's `/ready`. */
  readonly readiness: () => Promise<Record<string, unknown> | void>;
  readonly logger: Logger;
}

/**
 * The operator's port: `/metrics` (Prometheus), `/health/subgraphs` (each
 * instance of each subgraph), `/health` and `/ready`. Kept off the client
 * port because metrics and instance URLs describe the inside of the system.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<Listening> {
  const app = createHttpApp({
    service: 'gateway-admin',
    logger: options.logger,
    metrics: options.metrics,
    readiness: options.readiness,
  });
  app.get('/health/subgraphs', (_req, res) => {
    const report = options.subgraphs();
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  return listen(app, options.port, options.host ?? '127.0.0.1');
}
