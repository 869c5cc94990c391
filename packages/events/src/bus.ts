import type { ClientSession, Connection } from 'mongoose';
import type { Registry } from 'prom-client';
import { type EventType, definitionOf } from './catalog/catalog';
import type { Producer } from './catalog/define-event';
import { type Envelope, parseEnvelope } from './catalog/envelope';
import { type DeadLetterRecord, consumerModels } from './consumer/consumer.models';
import {
  type ConsumerDefinition,
  type ConsumerOptions,
  type EventHandler,
  EventHandling,
  type HandlingOptions,
} from './consumer/handle-event';
import type { EventLogger } from './logger';
import { createEventMetrics } from './metrics';
import { outboxModels, OutboxStatus } from './outbox/outbox.model';
import { type EventDraft, writeToOutbox } from './outbox/publisher';
import { type Relay, type RelayOptions, startRelay } from './outbox/relay';
import type { Subscription, Transport } from './transports/transport';

export interface EventBusOptions {
  /** The service this bus belongs to: the producer of what it publishes, the prefix of its consumers. */
  readonly service: string;
  /** The service's own database: outbox, inbox and dead letters live there. */
  readonly connection: Connection;
  readonly transport: Transport;
  readonly logger: EventLogger;
  /** The current request's correlation id, stamped on what it publishes. */
  readonly correlationId?: () => string | undefined;
  /** Where the event metrics go (the service's `/metrics`). */
  readonly registry?: Registry;
  /** How long published events and inbox records are kept. Default 30 days. */
  readonly retentionDays?: number;
  readonly relay?: RelayOptions;
  readonly handling?: HandlingOptions;
}

/** One page of dead letters, newest first. */
export interface DeadLetterPage {
  readonly items: readonly DeadLetterRecord[];
  readonly hasMore: boolean;
}

export interface DeadLetters {
  /** Dead letters not replayed yet, newest first; `before` is the last id of the previous page. */
  list(first: number, before?: string): Promise<DeadLetterPage>;
  /**
   * Runs the event through its consumer's handler again (after a fix), with
   * the same once-only guarantee; marks it replayed on success.
   */
  replay(id: string): Promise<DeadLetterRecord | null>;
}

/** A service's access to domain events: publish with its state changes, consume others'. */
export interface EventBus {
  readonly service: string;
  /**
   * Runs `work` in a transaction of the service's database (retried on
   * transient conflicts); events published in it are relayed right after the commit.
   */
  withTransaction<T>(work: (session: ClientSession) => Promise<T>): Promise<T>;
  /** Something committed outside {@link withTransaction} (a scheduled job): relay its events now. */
  wake(): void;
  /** Writes the event to the outbox within `session`'s transaction. */
  publish<T extends EventType>(session: ClientSession, draft: EventDraft<T>): Promise<Envelope<T>>;
  /**
   * Registers a durable consumer before {@link start}: `handler` runs once per
   * event of these types, in a transaction whose writes commit with the
   * inbox record.
   */
  subscribe<T extends EventType>(
    name: string,
    types: readonly T[],
    handler: EventHandler<T>,
    options?: ConsumerOptions,
  ): void;
  /** Every replica receives every event of these types from now on; nothing is kept. */
  broadcast<T extends EventType>(
    types: readonly T[],
    listener: (event: Envelope<T>) => void,
  ): Promise<Subscription>;
  readonly deadLetters: DeadLetters;
  /** Builds the collections' indexes, starts the relay and the consumers. */
  start(): Promise<void>;
  /** Resolves once the outbox has nothing pending. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export function createEventBus(options: EventBusOptions): EventBus {
  const { service, connection, transport, logger } = options;
  const retentionDays = options.retentionDays ?? 30;
  const outbox = outboxModels(connection, retentionDays);
  const consumers = consumerModels(connection, retentionDays);
  const definitions = new Map<string, ConsumerDefinition>();
  const subscriptions = new Map<string, Subscription[]>();
  const broadcasts = new Set<Subscription>();
  const metrics = createEventMetrics(options.registry, {
    outboxPending: () => outbox.outbox.countDocuments({ status: OutboxStatus.PENDING }),
    async consumerPending() {
      const pending = new Map<string, number>();
      for (const [name, subs] of subscriptions) {
        const counts = await Promise.all(subs.map((sub) => sub.pending().catch(() => 0)));
        pending.set(
          name,
          counts.reduce((sum, n) => sum + n, 0),
        );
      }
      return pending;
    },
  });
  const handling = new EventHandling(connection, consumers, metrics, logger, options.handling);
  let relay: Relay | undefined;

  const consumerName = (name: string) => `${service}-${name}`;

  return {
    service,
    async withTransaction(work) {
      const result = await connection.transaction(work);
      relay?.wake();
      return result;
    },
    wake() {
      relay?.wake();
    },
    publish(session, draft) {
      return writeToOutbox(outbox, service, session, draft, options.correlationId?.());
    },
    subscribe(name, types, handler, consumerOptions = {}) {
      if (relay) throw new Error('subscribe before the event bus starts');
      const full = consumerName(name);
      if (definitions.has(full)) throw new Error(`consumer ${full} is already subscribed`);
      definitions.set(full, {
        name: full,
        types: new Set(types),
        handler: handler as unknown as EventHandler<EventType>,
        options: consumerOptions,
      });
    },
    async broadcast(types, listener) {
      const wanted = new Set<string>(types);
      const producers = new Set(types.map((type) => definitionOf(type).producer));
      const subs = await Promise.all(
        [...producers].map((producer) =>
          transport.broadcast(producer, (data) => {
            try {
              const event = parseEnvelope(data);
              if (wanted.has(event.type)) listener(event as Envelope<(typeof types)[number]>);
            } catch (error) {
              logger.warn({ error }, 'broadcast event ignored: not in the catalog');
            }
          }),
        ),
      );
      const subscription: Subscription = {
        pending: async () => 0,
        close: async () => {
          broadcasts.delete(subscription);
          await Promise.all(subs.map((sub) => sub.close()));
        },
      };
      broadcasts.add(subscription);
      return subscription;
    },
    deadLetters: {
      async list(first, before) {
        const items = await consumers.deadLetters
          .find({ replayedAt: null, ...(before && { _id: { $lt: before } }) })
          .sort({ _id: -1 })
          .limit(first + 1)
          .lean();
        return { items: items.slice(0, first), hasMore: items.length > first };
      },
      async replay(id) {
        const letter = await consumers.deadLetters.findOne({ _id: id, replayedAt: null }).lean();
        if (!letter) return null;
        const consumer = definitions.get(letter.consumer);
        if (!consumer) throw new Error(`no consumer ${letter.consumer} runs in this service`);
        await handling.apply(consumer, parseEnvelope(letter.data));
        return consumers.deadLetters
          .findOneAndUpdate(
            { _id: id, replayedAt: null },
            { $set: { replayedAt: new Date() } },
            { returnDocument: 'after' },
          )
          .lean();
      },
    },
    async start() {
      await Promise.all(
        [...Object.values(outbox), ...Object.values(consumers)].map((model) =>
          model.createIndexes(),
        ),
      );
      // What this service published is there for consumers added later (in process).
      transport.offerHistory?.(service as Producer, async () => {
        const published = await outbox.outbox
          .find({ status: OutboxStatus.PUBLISHED }, { envelope: 1 })
          .sort({ _id: 1 })
          .lean();
        return published.map((record) => record.envelope);
      });
      for (const consumer of definitions.values()) {
        const producers = new Set([...consumer.types].map((type) => definitionOf(type).producer));
        // A consumer that never handled an event is new: it reads its producers' history first.
        const fromStart = !(await consumers.inbox.exists({ consumer: consumer.name }));
        const subs = await Promise.all(
          [...producers].map((producer) =>
            transport.consume(
              { consumer: consumer.name, producer, fromStart },
              async (delivery) => {
                await handling.deliver(consumer, delivery);
                // What the handler published committed with it: relay it now, not at the next poll.
                relay?.wake();
              },
            ),
          ),
        );
        subscriptions.set(consumer.name, subs);
      }
      relay = startRelay(outbox, transport, metrics, logger, options.relay);
    },
    drained() {
      return relay ? relay.drained() : Promise.resolve();
    },
    async stop() {
      await relay?.stop();
      for (const subs of subscriptions.values()) await Promise.all(subs.map((sub) => sub.close()));
      subscriptions.clear();
      for (const subscription of [...broadcasts]) await subscription.close();
    },
  };
}
