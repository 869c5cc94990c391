import { z } from 'zod';
import { type EventType, type PayloadOf, definitionOf } from './catalog';
import { PRODUCERS } from './define-event';
import { id, instant, userId } from './fields';

/** What every domain event carries besides its payload. */
const envelopeShape = z.object({
  /** Unique per event (a ULID: sortable by creation time); consumers record it to act once. */
  id: z.string().min(1),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: instant,
  producer: z.enum(PRODUCERS),
  /** The aggregate the event is about, e.g. the session's id. */
  subject: id,
  /** Increases with every event of the same subject (from 1), so a consumer can ignore older news. */
  sequence: z.number().int().positive(),
  /** Who caused it, when a person did. */
  actorId: userId.optional(),
  /** The `x-request-id` of the request that caused it. */
  correlationId: z.string().optional(),
  payload: z.unknown(),
});

export type Envelope<T extends EventType = EventType> = {
  [K in T]: Omit<z.infer<typeof envelopeShape>, 'type' | 'payload'> & {
    readonly type: K;
    readonly payload: PayloadOf<K>;
  };
}[T];

/** Thrown when an event does not match the catalog: it can never be handled, so it is dead-lettered. */
export class InvalidEventError extends Error {
  override readonly name = 'InvalidEventError';
}

function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * Checks an envelope and its payload against the catalog (the definition of
 * its type at its version), returning it with the payload as parsed.
 */
export function parseEnvelope(value: unknown): Envelope {
  const envelope = envelopeShape.safeParse(value);
  if (!envelope.success) {
    throw new InvalidEventError(`malformed event envelope: ${describe(envelope.error.issues)}`);
  }
  const { type, version, producer } = envelope.data;
  let definition;
  try {
    definition = definitionOf(type);
  } catch (error) {
    throw new InvalidEventError((error as Error).message);
  }
  if (definition.version !== version) {
    throw new InvalidEventError(
      `${type}@${version} is not in the catalog (it has @${definition.version})`,
    );
  }
  if (definition.producer !== producer) {
    throw new InvalidEventError(`${type} is published by ${definition.producer}, not ${producer}`);
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    throw new InvalidEventError(
      `invalid ${type}@${version} payload: ${describe(payload.error.issues)}`,
    );
  }
  return { ...envelope.data, payload: payload.data } as Envelope;
}
