import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  StorageType,
  jetstream,
  jetstreamManager,
} from '@nats-io/jetstream';
import { type NatsConnection, connect, nanos } from '@nats-io/transport-node';
import type { Producer } from '../catalog/define-event';
import type { Envelope } from '../catalog/envelope';
import type { EventLogger } from '../logger';
import type { Delivery, Subscription, Transport } from './transport';

export interface NatsTransportOptions {
  /** `NATS_URL`: one server or a comma-separated list, e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string;
  /** How long streams keep events for replay. Default 30 days. */
  readonly retentionDays?: number;
  /**
   * Names of streams (`<prefix>_<PRODUCER>`) and subjects (`<prefix lower-cased>.<producer>.<type>`).
   * Default `WEACE`; tests use their own so runs never share streams.
   */
  readonly prefix?: string;
  /** Deliveries after which JetStream stops trying (the consumer dead-letters before). Default 10. */
  readonly maxDeliver?: number;
  /** Time a handler has before its delivery counts as failed and comes again. Default 30 s. */
  readonly ackWaitMs?: number;
  readonly logger: EventLogger;
}

/** The window in which JetStream drops a second publish of the same event id. */
const DUPLICATE_WINDOW_MS = 2 * 60_000;

/**
 * NATS JetStream as the transport (NATS 2.9 features only): one stream per
 * producer on `weace.<producer>.>`, published with `Nats-Msg-Id` = event id so
 * a duplicate publish is dropped, and for each (consumer, producer) one durable
 * pull consumer with explicit acknowledgement. A consumer added later starts
 * from the beginning of the stream, so it can rebuild what it keeps.
 */
export function createNatsTransport(options: NatsTransportOptions): Transport {
  const prefix = options.prefix ?? 'WEACE';
  const subjectRoot = prefix.toLowerCase();
  const retention = nanos((options.retentionDays ?? 30) * 86_400_000);
  const { logger } = options;
  const connection: Promise<NatsConnection> = connect({
    servers: options.servers.split(',').map((server) => server.trim()),
    name: 'weace',
    // Keep trying for ever: the outbox holds events while NATS is away.
    maxReconnectAttempts: -1,
    waitOnFirstConnect: true,
    reconnectTimeWait: 1_000,
  });
  connection.catch((error: unknown) => logger.error({ error }, 'NATS connection failed'));
  let clients: Promise<{ js: JetStreamClient; jsm: JetStreamManager }> | undefined;
  const ensured = new Map<Producer, Promise<string>>();
  const subscriptions = new Set<Subscription>();

  const api = () =>
    (clients ??= connection.then(async (nc) => ({
      js: jetstream(nc),
      jsm: await jetstreamManager(nc),
    })));

  const streamName = (producer: Producer) => `${prefix}_${producer.toUpperCase()}`;

  /** The producer's stream, created on first use by whichever side comes first. */
  function stream(producer: Producer): Promise<string> {
    let pending = ensured.get(producer);
    if (!pending) {
      pending = (async () => {
        const { jsm } = await api();
        const name = streamName(producer);
        const config = {
          name,
          subjects: [`${subjectRoot}.${producer}.>`],
          storage: StorageType.File,
          max_age: retention,
          duplicate_window: nanos(DUPLICATE_WINDOW_MS),
        };
        try {
          await jsm.streams.info(name);
          await jsm.streams.update(name, config);
        } catch (error) {
          if (!isNotFound(error)) throw error;
          await jsm.streams.add(config);
        }
        return name;
      })();
      ensured.set(producer, pending);
      // A failure (NATS away) is retried on the next use.
      pending.catch(() => ensured.delete(producer));
    }
    return pending;
  }

  return {
    name: 'nats',
    async publish(envelope: Envelope) {
      await stream(envelope.producer);
      const { js } = await api();
      await js.publish(
        `${subjectRoot}.${envelope.producer}.${envelope.type}`,
        JSON.stringify(envelope),
        { msgID: envelope.id },
      );
    },

    async consume(spec, handle) {
      const name = await stream(spec.producer);
      const { js, jsm } = await api();
      const durable = `${spec.consumer}-from-${spec.producer}`;
      const config = {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: `${subjectRoot}.${spec.producer}.>`,
        max_deliver: options.maxDeliver ?? 10,
        ack_wait: nanos(options.ackWaitMs ?? 30_000),
      };
      try {
        await jsm.consumers.info(name, durable);
        await jsm.consumers.update(name, durable, {
          max_deliver: config.max_deliver,
          ack_wait: config.ack_wait,
        });
      } catch (error) {
        if (!isNotFound(error)) throw error;
        await jsm.consumers.add(name, config);
      }
      const consumer = await js.consumers.get(name, durable);
      const messages = await consumer.consume({ max_messages: 64 });
      const done = (async () => {
        for await (const message of messages) {
          const delivery: Delivery = {
            data: message.json(),
            attempt: message.info.deliveryCount,
            ack: async () => void (await message.ackAck()),
            retry: async (delayMs) => message.nak(delayMs),
          };
          try {
            await handle(delivery);
          } catch (error) {
            logger.error({ error, consumer: spec.consumer }, 'event handler crashed; redelivering');
            message.nak(1_000);
          }
        }
      })();
      const subscription: Subscription = {
        async pending() {
          const info = await consumer.info();
          return info.num_pending + info.num_ack_pending;
        },
        async close() {
          subscriptions.delete(subscription);
          await messages.close();
          await done;
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    async broadcast(producer, handle) {
      const nc = await connection;
      // A plain core subscription: JetStream publishes reach it too, and nothing is kept.
      const sub = nc.subscribe(`${subjectRoot}.${producer}.>`, {
        callback: (error, message) => {
          if (error) logger.warn({ error }, 'broadcast subscription error');
          else handle(message.json());
        },
      });
      const subscription: Subscription = {
        pending: async () => sub.getPending(),
        close: async () => {
          subscriptions.delete(subscription);
          sub.unsubscribe();
        },
      };
      subscriptions.add(subscription);
      return subscription;
    },

    async close() {
      for (const subscription of [...subscriptions]) await subscription.close();
      const nc = await connection.catch(() => undefined);
      await nc?.drain();
    },
  };
}

/** JetStream's "no such stream / consumer" answers (codes 10059 and 10014). */
function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && error.status === 404;
}
