import { startServer, type RunningServer } from '@weace/embedded-mongo';
import mongoose, { type Connection } from 'mongoose';
import { type EventBus, type EventBusOptions, createEventBus } from '../bus';
import type { Transport } from '../transports/transport';
import { silentLogger } from './fixtures';

/** One engine for a test file; each bus gets its own database on it, as each service does. */
export interface EventTestWorld {
  readonly engine: RunningServer;
  /** A database of its own, as a service has. */
  database(name: string): Promise<Connection>;
  /** A bus for `service` on `connection`, with fast retries; stopped by {@link stop}. */
  bus(
    service: string,
    connection: Connection,
    transport: Transport,
    options?: Partial<EventBusOptions>,
  ): EventBus;
  stop(): Promise<void>;
}

export async function startEventTestWorld(): Promise<EventTestWorld> {
  const engine = await startServer({ port: 0 });
  const connections: Connection[] = [];
  const buses: EventBus[] = [];
  return {
    engine,
    async database(name) {
      const connection = mongoose.createConnection();
      await connection.openUri(engine.uri, { dbName: name });
      connections.push(connection);
      return connection;
    },
    bus(service, connection, transport, options = {}) {
      const bus = createEventBus({
        service,
        connection,
        transport,
        logger: silentLogger,
        relay: { pollIntervalMs: 50 },
        handling: { maxAttempts: 3, retryDelayMs: 20, maxRetryDelayMs: 100 },
        ...options,
      });
      buses.push(bus);
      return bus;
    },
    async stop() {
      for (const bus of buses) await bus.stop();
      for (const connection of connections) await connection.close();
      await engine.stop();
    },
  };
}

/** Waits until `condition` holds (polling), or fails after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > until) throw new Error('timed out waiting for the condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A valid `user.deleted` draft: the smallest payload in the catalog. */
export function userDeleted(userId: string) {
  return { type: 'user.deleted' as const, subject: userId, payload: { userId } };
}
