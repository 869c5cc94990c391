import { type Connection, type Model, Schema, type Types } from 'mongoose';

export enum JobStatus {
  PENDING = 'PENDING',
  DONE = 'DONE',
  FAILED = 'FAILED',
}

/**
 * A job to run at `runAt`, kept in the service's own database so it is
 * written, and removed, in the transaction of the change that asks for it.
 * A scheduler that claims a due job moves `runAt` past its lease, so the
 * job is due again (for any replica) if the claimer dies before completing it.
 */
export interface JobRecord {
  _id: Types.ObjectId;
  name: string;
  /** One job per key: scheduling a key again replaces its job. */
  uniqueKey: string;
  data: unknown;
  runAt: Date;
  status: JobStatus;
  attempts: number;
  lastError: string | null;
  /** The claim of the scheduler running it; its completion is guarded by it. */
  leaseToken: string | null;
  createdAt: Date;
  /** When it completed (DONE); the TTL index counts from here. */
  completedAt: Date | null;
}

/** The `jobs` collection; completed jobs are kept `retentionDays` (a TTL index), failed ones until retried. */
export function jobModel(connection: Connection, retentionDays: number): Model<JobRecord> {
  const schema = new Schema<JobRecord>(
    {
      name: { type: String, required: true },
      uniqueKey: { type: String, required: true },
      data: { type: Schema.Types.Mixed, default: null },
      runAt: { type: Date, required: true },
      status: { type: String, enum: Object.values(JobStatus), required: true },
      attempts: { type: Number, default: 0 },
      lastError: { type: String, default: null },
      leaseToken: { type: String, default: null },
      createdAt: { type: Date, required: true },
      completedAt: { type: Date, default: null },
    },
    { collection: 'jobs', versionKey: false, minimize: false },
  );
  // Due jobs are read as { status: PENDING, runAt: { $lte: now } } sorted by runAt.
  schema.index({ status: 1, runAt: 1 });
  schema.index({ uniqueKey: 1 }, { unique: true });
  schema.index({ completedAt: 1 }, { expireAfterSeconds: retentionDays * 86_400 });
  return connection.models.Job ?? connection.model('Job', schema);
}
