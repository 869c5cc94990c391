import { type Connection, type Model, Schema, type Types } from 'mongoose';

/** An event a consumer has had its effect for: unique on (consumer, event id). */
export interface InboxRecord {
  _id: Types.ObjectId;
  consumer: string;
  eventId: string;
  type: string;
  handledAt: Date;
}

/** The newest sequence a latest-wins consumer applied per subject. */
export interface PositionRecord {
  _id: string;
  consumer: string;
  subject: string;
  sequence: number;
}

/** An event a consumer gave up on after its last attempt, kept for an admin to replay. */
export interface DeadLetterRecord {
  _id: Types.ObjectId;
  consumer: string;
  eventId: string | null;
  type: string | null;
  /** The event as it arrived. */
  data: unknown;
  error: string;
  attempts: number;
  deadAt: Date;
  replayedAt: Date | null;
}

export interface ConsumerModels {
  readonly inbox: Model<InboxRecord>;
  readonly positions: Model<PositionRecord>;
  readonly deadLetters: Model<DeadLetterRecord>;
}

/** The consumer collections of one service's database. */
export function consumerModels(connection: Connection, retentionDays: number): ConsumerModels {
  const inbox = new Schema<InboxRecord>(
    {
      consumer: { type: String, required: true },
      eventId: { type: String, required: true },
      type: { type: String, required: true },
      handledAt: { type: Date, required: true },
    },
    { collection: 'inbox', versionKey: false },
  );
  inbox.index({ consumer: 1, eventId: 1 }, { unique: true });
  // Beyond the transports' retention no event can come again.
  inbox.index({ handledAt: 1 }, { expireAfterSeconds: retentionDays * 86_400 });
  const positions = new Schema<PositionRecord>(
    {
      _id: { type: String, required: true },
      consumer: { type: String, required: true },
      subject: { type: String, required: true },
      sequence: { type: Number, required: true },
    },
    { collection: 'consumer_positions', versionKey: false },
  );
  const deadLetters = new Schema<DeadLetterRecord>(
    {
      consumer: { type: String, required: true },
      eventId: { type: String, default: null },
      type: { type: String, default: null },
      data: { type: Schema.Types.Mixed, required: true },
      error: { type: String, required: true },
      attempts: { type: Number, required: true },
      deadAt: { type: Date, required: true },
      replayedAt: { type: Date, default: null },
    },
    { collection: 'dead_letters', versionKey: false, minimize: false },
  );
  deadLetters.index({ replayedAt: 1, _id: -1 });
  return {
    inbox: connection.models.Inbox ?? connection.model('Inbox', inbox),
    positions:
      connection.models.ConsumerPosition ?? connection.model('ConsumerPosition', positions),
    deadLetters: connection.models.DeadLetter ?? connection.model('DeadLetter', deadLetters),
  };
}
