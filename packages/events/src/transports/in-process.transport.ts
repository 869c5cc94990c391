import type { Producer } from '../catalog/define-event';
import type { Envelope } from '../catalog/envelope';
import type { Delivery, DurableConsumerSpec, EventHistory, Transport } from './transport';

interface Consumer {
  readonly spec: DurableConsumerSpec;
  readonly handle: (delivery: Delivery) => Promise<void>;
  /** Deliveries waiting for their turn; each consumer handles one at a time, in order. */
  readonly queue: (() => Promise<void>)[];
  running: boolean;
  /** Deliveries handed over and not yet acknowledged: failed if the consumer closes first. */
  readonly unsettled: Set<(error: Error) => void>;
  closed: boolean;
}

/**
 * The transport of `npm start` and the tests when no NATS is configured: the
 * services of one process hand events to each other in memory.
 *
 * Durability comes from the outbox: `publish` resolves only once every
 * durable consumer of the producer has acknowledged the event (handled it, or
 * dead-lettered it), so the relay marks the record published only then. A
 * crash before that leaves the record pending, and it is delivered again
 * after the restart; each consumer's inbox makes that second delivery
 * harmless.
 */
export function createInProcessTransport(): Transport {
  const consumers = new Map<Producer, Set<Consumer>>();
  const listeners = new Map<Producer, Set<(data: unknown) => void>>();
  const histories = new Map<Producer, EventHistory>();
  /** New consumers whose producer has not offered its history yet (it starts later). */
  const awaitingHistory = new Map<Producer, Set<Consumer>>();

  /** Hands a new consumer everything its producer published before; its inbox skips what it saw. */
  function replay(consumer: Consumer, history: EventHistory): void {
    void history()
      .then((events) => {
        for (const data of events) {
          if (consumer.closed) return;
          // Acknowledged or failed, it is the consumer's: nothing waits on a replayed event.
          deliver(consumer, data).catch(() => {});
        }
      })
      .catch(() => {
        // The producer's database is unreachable: its history is replayed at the next start.
      });
  }

  function run(consumer: Consumer): void {
    if (consumer.running) return;
    consumer.running = true;
    void (async () => {
      while (consumer.queue.length > 0 && !consumer.closed) await consumer.queue.shift()!();
      consumer.running = false;
    })();
  }

  /** Delivers `data` to `consumer` until it is acknowledged; resolves then. */
  function deliver(consumer: Consumer, data: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: Error) => {
        settled = true;
        reject(error);
      };
      consumer.unsettled.add(fail);
      const attempt = (n: number) => {
        consumer.queue.push(async () => {
          const delivery: Delivery = {
            data,
            attempt: n,
            ack: async () => {
              if (settled) return;
              settled = true;
              consumer.unsettled.delete(fail);
              resolve();
            },
            retry: async (delayMs) => {
              if (settled) return;
              setTimeout(() => !consumer.closed && attempt(n + 1), delayMs).unref();
            },
          };
          try {
            await consumer.handle(delivery);
          } catch {
            // A consumer that neither acked nor asked for a retry gets the event again shortly.
            if (!settled) await delivery.retry(1_000);
          }
        });
        run(consumer);
      };
      attempt(1);
    });
  }

  return {
    name: 'in-process',
    async publish(envelope: Envelope) {
      // A copy through JSON, as a network transport would deliver it.
      const data: unknown = JSON.parse(JSON.stringify(envelope));
      for (const listener of listeners.get(envelope.producer) ?? []) listener(data);
      const targets = [...(consumers.get(envelope.producer) ?? [])];
      await Promise.all(targets.map((consumer) => deliver(consumer, data)));
    },
    async consume(spec, handle) {
      const consumer: Consumer = {
        spec,
        handle,
        queue: [],
        running: false,
        unsettled: new Set(),
        closed: false,
      };
      const set = consumers.get(spec.producer) ?? new Set();
      consumers.set(spec.producer, set.add(consumer));
      if (spec.fromStart) {
        const history = histories.get(spec.producer);
        if (history) replay(consumer, history);
        else {
          const waiting = awaitingHistory.get(spec.producer) ?? new Set();
          awaitingHistory.set(spec.producer, waiting.add(consumer));
        }
      }
      return {
        pending: async () => consumer.unsettled.size,
        close: async () => {
          consumer.closed = true;
          set.delete(consumer);
          awaitingHistory.get(spec.producer)?.delete(consumer);
          // The outbox keeps these events pending: they are delivered again when the consumer is back.
          const error = new Error(`consumer ${spec.consumer} stopped before acknowledging`);
          for (const fail of consumer.unsettled) fail(error);
          consumer.unsettled.clear();
        },
      };
    },
    offerHistory(producer, history) {
      histories.set(producer, history);
      for (const consumer of awaitingHistory.get(producer) ?? []) replay(consumer, history);
      awaitingHistory.delete(producer);
    },
    async broadcast(producer, handle) {
      const set = listeners.get(producer) ?? new Set();
      listeners.set(producer, set.add(handle));
      return { pending: async () => 0, close: async () => void set.delete(handle) };
    },
    async close() {
      consumers.clear();
      listeners.clear();
      histories.clear();
      awaitingHistory.clear();
    },
  };
}
