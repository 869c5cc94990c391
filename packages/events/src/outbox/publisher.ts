import type { ClientSession } from 'mongoose';
import { monotonicFactory } from 'ulid';
import { type EventType, type PayloadOf, definitionOf } from '../catalog/catalog';
import { type Envelope, parseEnvelope } from '../catalog/envelope';
import { OutboxStatus, type OutboxModels } from './outbox.model';

/** An event as a service states it; the envelope's other fields are filled in. */
export interface EventDraft<T extends EventType> {
  readonly type: T;
  /** The aggregate it is about: its sequence counter is per subject. */
  readonly subject: string;
  readonly payload: PayloadOf<T>;
  /** The person who caused it, when a person did. */
  readonly actorId?: string;
}

const nextId = monotonicFactory();

/**
 * Writes an event to the producer's outbox inside the caller's transaction:
 * it is published if and only if that transaction commits. The per-subject
 * sequence comes from an `$inc` in the same transaction, so two transactions
 * announcing changes of one subject conflict instead of sharing a number.
 */
export async function writeToOutbox<T extends EventType>(
  models: OutboxModels,
  producer: string,
  session: ClientSession,
  draft: EventDraft<T>,
  correlationId: string | undefined,
): Promise<Envelope<T>> {
  if (!session.inTransaction()) {
    throw new Error(`publish(${draft.type}) must run inside a transaction (use withTransaction)`);
  }
  const definition = definitionOf(draft.type);
  if (definition.producer !== producer) {
    throw new Error(`${draft.type} is published by ${definition.producer}, not ${producer}`);
  }
  const counter = await models.sequences
    .findOneAndUpdate(
      { _id: draft.subject },
      { $inc: { sequence: 1 } },
      { upsert: true, returnDocument: 'after', session },
    )
    .lean();
  const occurredAt = new Date();
  // Checked against the catalog now: an invalid event fails the state change with it.
  const envelope = parseEnvelope({
    id: nextId(occurredAt.getTime()),
    type: draft.type,
    version: definition.version,
    occurredAt: occurredAt.toISOString(),
    producer: definition.producer,
    subject: draft.subject,
    sequence: counter!.sequence,
    ...(draft.actorId !== undefined && { actorId: draft.actorId }),
    ...(correlationId !== undefined && { correlationId }),
    payload: draft.payload,
  }) as Envelope<T>;
  await models.outbox.create(
    [
      {
        _id: envelope.id,
        envelope: envelope as Envelope,
        status: OutboxStatus.PENDING,
        createdAt: occurredAt,
        publishedAt: null,
        leaseToken: null,
        leaseUntil: null,
        attempts: 0,
        lastError: null,
      },
    ],
    { session },
  );
  return envelope;
}
