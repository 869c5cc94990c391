import { isIPv6 } from 'node:net';
import { createEngine } from '../engine/engine';
import type { Engine } from '../engine/types';
import { openDataDirectory, type DataDirectory } from '../storage/data-directory';
import { listen, type ConnectionCounts } from './listener';
import { createJsonLogger, type Logger } from './logger';

export interface StartServerOptions {
  /**
   * TCP port. Default 27017, MongoDB's own, so tools and connection strings
   * that assume it work unchanged; pass 0 for a free port (tests).
   */
  readonly port?: number;
  /**
   * Interface to bind. Default `127.0.0.1`: there is no authentication, so
   * the engine is reachable from this machine only unless asked otherwise.
   */
  readonly host?: string;
  /** Directory for the journal and snapshots (created if missing). Default: memory only. */
  readonly dbPath?: string;
  /** Default: JSON lines on stderr, warnings and errors only. A pino logger fits. */
  readonly logger?: Logger;
  /** How often TTL indexes are swept. Default 60 000 ms, mongod's TTL monitor period. */
  readonly ttlSweepIntervalMs?: number;
  /** Journal size that triggers compaction into a snapshot. Default 64 MiB. */
  readonly compactJournalAfterBytes?: number;
  /** Name of the one-member replica set the server presents itself as. Default `rs0`. */
  readonly replicaSetName?: string;
  /** A transaction open this long after its start is aborted. Default 60 (mongod's). */
  readonly transactionLifetimeLimitSeconds?: number;
}

export interface RunningServer {
  /** `mongodb://<host>:<port>/`, for MongoClient or mongoose.connect. */
  readonly uri: string;
  readonly port: number;
  /**
   * Closes the listener and every connection, syncs and closes the journal,
   * stops the engine's timers and unlocks the data directory. Idempotent.
   */
  stop(): Promise<void>;
}

const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

/** The address clients should dial: a wildcard bind is reached through loopback. */
function connectHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}

/**
 * Starts the embedded MongoDB-compatible server: recovers the data directory
 * (if any), then serves the wire protocol until `stop()`.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 27017;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`port must be an integer from 0 to 65535, got ${port}`);
  }
  const logger = options.logger ?? createJsonLogger('warn');

  let dataDirectory: DataDirectory | undefined;
  let engine: Engine | undefined;
  try {
    if (options.dbPath !== undefined) {
      dataDirectory = await openDataDirectory({
        dbPath: options.dbPath,
        logger,
        compactAfterBytes: options.compactJournalAfterBytes ?? DEFAULT_COMPACT_AFTER_BYTES,
      });
    }
    // The engine exists before the listener that counts connections.
    let connectionCounts = (): ConnectionCounts => ({ current: 0, totalCreated: 0 });
    // `hello` names the address clients dial, known once the listener has its port.
    let address = `${connectHost(host)}:${port}`;
    const running: Engine = createEngine({
      persistence: dataDirectory?.journal,
      ttlSweepIntervalMs: options.ttlSweepIntervalMs,
      replicaSetName: options.replicaSetName,
      address: () => address,
      transactionLifetimeLimitSeconds: options.transactionLifetimeLimitSeconds,
      connectionStats: () => connectionCounts(),
      onBackgroundError: (error) => logger.error({ error }, 'background work failed'),
    });
    engine = running;
    if (dataDirectory) {
      running.apply(dataDirectory.changes);
      dataDirectory.journal.compactFrom(() => running.snapshot());
    }
    const serving = await listen(running, { host, port, logger });
    connectionCounts = serving.connectionCounts;
    address = `${connectHost(host)}:${serving.port}`;
    const directory = dataDirectory;
    let stopped: Promise<void> | undefined;
    return {
      uri: `mongodb://${connectHost(host)}:${serving.port}/`,
      port: serving.port,
      stop: () =>
        (stopped ??= (async () => {
          await serving.close();
          // No TTL sweep may write once the journal is closing.
          running.close();
          await directory?.close();
        })()),
    };
  } catch (error) {
    engine?.close();
    await dataDirectory?.close();
    throw error;
  }
}
