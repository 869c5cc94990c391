import type { Producer } from '../catalog/define-event';
import type { Envelope } from '../catalog/envelope';

/** One delivery of an event to a durable consumer. */
export interface Delivery {
  /** The event as it arrived (checked against the catalog by the consumer, not the transport). */
  readonly data: unknown;
  /** 1 for the first delivery, then 2, 3, … for redeliveries. */
  readonly attempt: number;
  /** Done with it: never deliver it to this consumer again. */
  ack(): Promise<void>;
  /** Deliver it again after `delayMs`. */
  retry(delayMs: number): Promise<void>;
}

export interface DurableConsumerSpec {
  /** The consuming service and purpose, e.g. `users-identity-sync`; one durable position each. */
  readonly consumer: string;
  /** Whose events it reads; types are filtered by the consumer, not the transport. */
  readonly producer: Producer;
  /**
   * The consumer has handled nothing yet (a service added later, a rebuilt
   * read model): deliver the producer's retained history first. JetStream's
   * durable consumers start at the stream's beginning anyway.
   */
  readonly fromStart?: boolean;
}

/** A producer's published events still retained, oldest first (its outbox). */
export type EventHistory = () => Promise<readonly unknown[]>;

export interface Subscription {
  /** Events delivered but not yet acknowledged, plus those not yet delivered, when known. */
  pending(): Promise<number>;
  close(): Promise<void>;
}

/**
 * Moves published events from outboxes to consumers. Both transports keep the
 * same contract: at-least-once delivery to every durable consumer, explicit
 * acknowledgement, redelivery on request, and a broadcast that every
 * subscriber receives with nothing kept.
 */
export interface Transport {
  readonly name: 'nats' | 'in-process';
  /** Resolves once the transport has taken responsibility for the event (JetStream's PubAck). */
  publish(envelope: Envelope): Promise<void>;
  consume(
    spec: DurableConsumerSpec,
    handle: (delivery: Delivery) => Promise<void>,
  ): Promise<Subscription>;
  /**
   * Where a new consumer of `producer` finds what was published before it
   * existed, when the transport keeps no stream of its own (in process).
   */
  offerHistory?(producer: Producer, history: EventHistory): void;
  /** Every subscriber receives every event of `producer` from now on, at most once, kept nowhere. */
  broadcast(producer: Producer, handle: (data: unknown) => void): Promise<Subscription>;
  close(): Promise<void>;
}
