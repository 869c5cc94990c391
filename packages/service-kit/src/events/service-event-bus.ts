import {
  type EventBus,
  type Transport,
  createEventBus,
  createInProcessTransport,
  createNatsTransport,
} from '@weace/events';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ServiceConfig } from '../config/service-config';
import { currentRequestContext } from '../logging/request-context';

export interface ServiceEventBusOptions {
  readonly config: ServiceConfig;
  /** The service's own database (outbox, inbox, dead letters). */
  readonly connection: Connection;
  readonly logger: Logger;
  readonly registry: Registry;
  /** A transport shared with other services of this process; default: from `config`. */
  readonly transport?: Transport;
}

/**
 * The service's event bus on the configured transport: NATS JetStream when
 * NATS_URL is set, otherwise in process. Events carry the request's
 * correlation id; a transport made here is closed with the bus.
 */
export function createServiceEventBus(name: string, options: ServiceEventBusOptions): EventBus {
  const { config, logger } = options;
  const own =
    options.transport === undefined
      ? config.natsUrl
        ? createNatsTransport({
            servers: config.natsUrl,
            retentionDays: config.eventRetentionDays,
            logger,
          })
        : createInProcessTransport()
      : undefined;
  const bus = createEventBus({
    service: name,
    connection: options.connection,
    transport: options.transport ?? own!,
    logger,
    registry: options.registry,
    retentionDays: config.eventRetentionDays,
    correlationId: () => currentRequestContext()?.requestId,
  });
  return {
    ...bus,
    async stop() {
      await bus.stop();
      await own?.close();
    },
  };
}
