import { type Connection, type Model, Schema } from 'mongoose';
import type { Envelope } from '../catalog/envelope';

export enum OutboxStatus {
  PENDING = 'PENDING',
  PUBLISHED = 'PUBLISHED',
}

/**
 * An event waiting for the transport, written in the same transaction as the
 * state change it announces. `_id` is the event id (a ULID), so the relay
 * takes records in the order they were created.
 */
export interface OutboxRecord {
  _id: string;
  envelope: Envelope;
  status: OutboxStatus;
  createdAt: Date;
  publishedAt: Date | null;
  /** The relay claim holding the record, until `leaseUntil`. */
  leaseToken: string | null;
  leaseUntil: Date | null;
  attempts: number;
  lastError: string | null;
}

/** The per-subject counter behind `Envelope.sequence`. */
export interface SequenceRecord {
  _id: string;
  sequence: number;
}

export interface OutboxModels {
  readonly outbox: Model<OutboxRecord>;
  readonly sequences: Model<SequenceRecord>;
}

/**
 * The outbox collections of one service's database. Published records are
 * kept for `retentionDays` (a TTL index), so a consumer added later can be
 * replayed from them; pending ones are kept until published.
 */
export function outboxModels(connection: Connection, retentionDays: number): OutboxModels {
  const outboxSchema = new Schema<OutboxRecord>(
    {
      _id: { type: String, required: true },
      envelope: { type: Schema.Types.Mixed, required: true },
      status: { type: String, enum: Object.values(OutboxStatus), required: true },
      createdAt: { type: Date, required: true },
      publishedAt: { type: Date, default: null },
      leaseToken: { type: String, default: null },
      leaseUntil: { type: Date, default: null },
      attempts: { type: Number, default: 0 },
      lastError: { type: String, default: null },
    },
    { collection: 'outbox', versionKey: false, minimize: false },
  );
  outboxSchema.index({ status: 1, _id: 1 });
  outboxSchema.index({ publishedAt: 1 }, { expireAfterSeconds: retentionDays * 86_400 });
  const sequenceSchema = new Schema<SequenceRecord>(
    { _id: { type: String, required: true }, sequence: { type: Number, required: true } },
    { collection: 'event_sequences', versionKey: false },
  );
  return {
    outbox: connection.models.Outbox ?? connection.model('Outbox', outboxSchema),
    sequences: connection.models.EventSequence ?? connection.model('EventSequence', sequenceSchema),
  };
}
