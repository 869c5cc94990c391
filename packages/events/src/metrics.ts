import { Counter, Gauge, type Registry } from 'prom-client';

/** What `/metrics` shows of one service's events: its outbox and each of its consumers. */
export interface EventMetrics {
  readonly published: Counter<'type'>;
  readonly delivered: Counter<'consumer'>;
  readonly acked: Counter<'consumer'>;
  readonly redelivered: Counter<'consumer'>;
  readonly deadLettered: Counter<'consumer'>;
}

export interface LagSources {
  /** Outbox records not yet confirmed by the transport. */
  outboxPending(): Promise<number>;
  /** Per consumer: events waiting for it or unacknowledged. */
  consumerPending(): Promise<ReadonlyMap<string, number>>;
}

export function createEventMetrics(registry: Registry | undefined, lag: LagSources): EventMetrics {
  const registers = registry ? [registry] : [];
  new Gauge({
    name: 'events_outbox_pending',
    help: 'Outbox records waiting for the transport to confirm them',
    registers,
    async collect() {
      this.set(await lag.outboxPending());
    },
  });
  new Gauge({
    name: 'events_consumer_pending',
    help: 'Events not yet delivered to or acknowledged by each consumer',
    labelNames: ['consumer'],
    registers,
    async collect() {
      for (const [consumer, pending] of await lag.consumerPending())
        this.set({ consumer }, pending);
    },
  });
  return {
    published: new Counter({
      name: 'events_published_total',
      help: 'Events the transport confirmed, by type',
      labelNames: ['type'],
      registers,
    }),
    delivered: new Counter({
      name: 'events_delivered_total',
      help: 'Deliveries received, by consumer (redeliveries included)',
      labelNames: ['consumer'],
      registers,
    }),
    acked: new Counter({
      name: 'events_acked_total',
      help: 'Events handled and acknowledged, by consumer',
      labelNames: ['consumer'],
      registers,
    }),
    redelivered: new Counter({
      name: 'events_redelivered_total',
      help: 'Deliveries that were a second or later attempt, by consumer',
      labelNames: ['consumer'],
      registers,
    }),
    deadLettered: new Counter({
      name: 'events_dead_lettered_total',
      help: 'Events given up after the last attempt, by consumer',
      labelNames: ['consumer'],
      registers,
    }),
  };
}
