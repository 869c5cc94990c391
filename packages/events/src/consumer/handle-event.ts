import type { ClientSession, Connection } from 'mongoose';
import type { EventType } from '../catalog/catalog';
import { type Envelope, InvalidEventError, parseEnvelope } from '../catalog/envelope';
import type { EventLogger } from '../logger';
import type { EventMetrics } from '../metrics';
import type { Delivery } from '../transports/transport';
import type { ConsumerModels } from './consumer.models';

/** What a handler gets besides the event: the transaction its writes must join. */
export interface HandlerContext {
  readonly session: ClientSession;
}

export type EventHandler<T extends EventType> = (
  event: Envelope<T>,
  context: HandlerContext,
) => Promise<void>;

export interface ConsumerOptions {
  /**
   * Apply only news: an event whose `sequence` is not above the last one this
   * consumer applied for its subject is skipped. For consumers that mirror
   * state (a redelivered `session.booked` must not undo a later
   * `session.cancelled`); not for additive ones, which every event counts for.
   * Default false.
   */
  readonly latestOnly?: boolean;
}

/** One registered consumer: its name, the types it handles and how. */
export interface ConsumerDefinition {
  readonly name: string;
  readonly types: ReadonlySet<string>;
  readonly handler: EventHandler<EventType>;
  readonly options: ConsumerOptions;
}

export interface HandlingOptions {
  /** Attempts before an event is dead-lettered. Default 5. */
  readonly maxAttempts?: number;
  /** Wait before attempt n+1 is `min(maxRetryDelayMs, retryDelayMs · 2^(n-1))`. Defaults 500 ms and 30 s. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
}

/**
 * Runs consumers' handlers with exactly-once effects: the inbox record of
 * (consumer, event id) is written in the same transaction as the handler's
 * writes, so a redelivered event finds it and is only acknowledged.
 */
export class EventHandling {
  private readonly maxAttempts: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;

  constructor(
    private readonly connection: Connection,
    private readonly models: ConsumerModels,
    private readonly metrics: EventMetrics,
    private readonly logger: EventLogger,
    options: HandlingOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
  }

  /** Handles one delivery from the transport: ack, retry later, or dead-letter and ack. */
  async deliver(consumer: ConsumerDefinition, delivery: Delivery): Promise<void> {
    const labels = { consumer: consumer.name };
    this.metrics.delivered.inc(labels);
    if (delivery.attempt > 1) this.metrics.redelivered.inc(labels);
    const type = (delivery.data as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && !consumer.types.has(type)) {
      // The durable consumer reads the producer's whole stream; other types are not ours.
      await delivery.ack();
      return;
    }
    try {
      await this.apply(consumer, parseEnvelope(delivery.data));
      this.metrics.acked.inc(labels);
      await delivery.ack();
    } catch (error) {
      const final = error instanceof InvalidEventError || delivery.attempt >= this.maxAttempts;
      const eventFields = this.eventFields(consumer, delivery, error);
      if (!final) {
        this.logger.warn(eventFields, 'event handler failed; will retry');
        await delivery.retry(this.retryDelay(delivery.attempt));
        return;
      }
      await this.models.deadLetters.create({
        consumer: consumer.name,
        eventId: eventFields.eventId ?? null,
        type: eventFields.type ?? null,
        data: delivery.data,
        error: errorMessage(error),
        attempts: delivery.attempt,
        deadAt: new Date(),
        replayedAt: null,
      });
      this.metrics.deadLettered.inc(labels);
      this.logger.error(eventFields, 'event dead-lettered');
      await delivery.ack();
    }
  }

  /**
   * The handler's effect, once: in one transaction, the inbox record (a
   * second delivery finds it and does nothing), the latest-wins position, and
   * the handler's own writes. Concurrent deliveries of one event conflict on
   * the inbox's unique index; the transaction retries and then finds it.
   */
  async apply(consumer: ConsumerDefinition, event: Envelope): Promise<void> {
    const { inbox, positions } = this.models;
    await this.connection.transaction(async (session) => {
      const seen = await inbox
        .exists({ consumer: consumer.name, eventId: event.id })
        .session(session);
      if (seen) return;
      await inbox.create(
        [{ consumer: consumer.name, eventId: event.id, type: event.type, handledAt: new Date() }],
        { session },
      );
      if (consumer.options.latestOnly) {
        const key = `${consumer.name}:${event.subject}`;
        const position = await positions.findById(key).session(session).lean();
        if (position && position.sequence >= event.sequence) {
          this.logger.debug(
            { consumer: consumer.name, eventId: event.id, sequence: event.sequence },
            'stale event skipped',
          );
          return;
        }
        await positions.updateOne(
          { _id: key },
          { $set: { consumer: consumer.name, subject: event.subject, sequence: event.sequence } },
          { upsert: true, session },
        );
      }
      await consumer.handler(event, { session });
    });
  }

  private retryDelay(attempt: number): number {
    return Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** (attempt - 1));
  }

  private eventFields(consumer: ConsumerDefinition, delivery: Delivery, error: unknown) {
    const data = delivery.data as Partial<Envelope> | null;
    return {
      consumer: consumer.name,
      eventId: typeof data?.id === 'string' ? data.id : undefined,
      type: typeof data?.type === 'string' ? data.type : undefined,
      correlationId: typeof data?.correlationId === 'string' ? data.correlationId : undefined,
      attempt: delivery.attempt,
      error: errorMessage(error),
    };
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
