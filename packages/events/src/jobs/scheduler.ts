import { randomUUID } from 'node:crypto';
import type { ClientSession, Connection } from 'mongoose';
import type { EventLogger } from '../logger';
import { type JobRecord, JobStatus, jobModel } from './job.model';

export interface SchedulerOptions {
  /** The service's own database: the `jobs` collection lives there. */
  readonly connection: Connection;
  readonly logger: EventLogger;
  /** How often due jobs are looked for besides the timer set to the next one. Default 1 000 ms. */
  readonly pollIntervalMs?: number;
  /**
   * How long a claim keeps other schedulers (replicas) off a running job, and
   * how soon a job whose scheduler died runs again. A handler running longer
   * may be started by another replica too; only one of them completes (the
   * other's writes roll back). Default 60 000 ms.
   */
  readonly leaseMs?: number;
  /** Attempts before a job is marked FAILED. Default 5. */
  readonly maxAttempts?: number;
  /** Wait before the second attempt, doubled for each further one. Default 1 000 ms. */
  readonly retryDelayMs?: number;
  /** Longest wait between attempts. Default 300 000 ms. */
  readonly maxRetryDelayMs?: number;
  /** How long completed jobs are kept. Default 30 days. */
  readonly retentionDays?: number;
  /** Called after a job's transaction committed (e.g. to wake the event relay). */
  readonly onCommit?: () => void;
}

export interface ScheduleOptions {
  /** One job per key (`booking:<id>:reminder-24h`): scheduling it again replaces the job. Default: a new key. */
  readonly uniqueKey?: string;
  /** The caller's transaction: the job is stored, or not, with its writes. */
  readonly session?: ClientSession;
}

/** What a handler is given besides its job. */
export interface JobContext {
  /** The transaction the job's completion commits in: the handler's writes (and events) go through it. */
  readonly session: ClientSession;
}

export type JobHandler = (job: JobRecord, context: JobContext) => Promise<void>;

/** One page of failed jobs, newest first by `runAt` of their last attempt. */
export interface FailedJobPage {
  readonly items: readonly JobRecord[];
  readonly hasMore: boolean;
}

/**
 * Durable scheduled jobs of one service (reminders, expiries, digests).
 *
 * Off-the-shelf schedulers such as Agenda write jobs through their own
 * connection and cannot join the caller's transaction, so a booking and its
 * reminder could commit apart; this one writes the job with the caller's
 * session, as the outbox does events, and claims due jobs the way the relay
 * claims records: a guarded atomic update, so one replica runs a job at a time.
 */
export interface Scheduler {
  /** Registers the handler for `name`; only jobs with a handler here are claimed. */
  define(name: string, handler: JobHandler): void;
  /** Stores a job to run at `runAt` (or as soon as possible when past), within `session`'s transaction. */
  schedule(name: string, runAt: Date, data: unknown, options?: ScheduleOptions): Promise<JobRecord>;
  /** Removes the pending job of `uniqueKey` within `session`'s transaction; whether there was one. */
  cancel(uniqueKey: string, options?: { readonly session?: ClientSession }): Promise<boolean>;
  /** Jobs that used up their attempts, newest first; `before` is the last `_id` of the previous page. */
  failed(first: number, before?: string): Promise<FailedJobPage>;
  /** Runs a failed job again from its first attempt (after a fix); null when there is no such failed job. */
  retry(uniqueKey: string): Promise<JobRecord | null>;
  /** Builds the indexes and starts running due jobs, including those missed while stopped. */
  start(): Promise<void>;
  /** Resolves when no job is due (tests). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { connection, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const maxRetryDelayMs = options.maxRetryDelayMs ?? 300_000;
  const jobs = jobModel(connection, options.retentionDays ?? 30);
  const handlers = new Map<string, JobHandler>();
  let started = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let running: Promise<void> | undefined;
  let woken = false;
  const idleWaiters: (() => void)[] = [];

  /** Claims the earliest due job: moving its `runAt` past the lease hides it from other schedulers. */
  async function claim(): Promise<JobRecord | null> {
    const now = new Date();
    return jobs
      .findOneAndUpdate(
        { status: JobStatus.PENDING, runAt: { $lte: now }, name: { $in: [...handlers.keys()] } },
        { $set: { leaseToken: randomUUID(), runAt: new Date(now.getTime() + leaseMs) } },
        { sort: { runAt: 1 }, returnDocument: 'after' },
      )
      .lean<JobRecord>();
  }

  async function run(job: JobRecord): Promise<void> {
    const handler = handlers.get(job.name)!;
    const attempt = job.attempts + 1;
    try {
      await connection.transaction(async (session) => {
        await handler(job, { session });
        // Guarded by the claim: a job cancelled, replaced or re-claimed meanwhile aborts the handler's writes.
        const done = await jobs.updateOne(
          { _id: job._id, leaseToken: job.leaseToken },
          {
            $set: {
              status: JobStatus.DONE,
              attempts: attempt,
              completedAt: new Date(),
              leaseToken: null,
              lastError: null,
            },
          },
          { session },
        );
        if (done.modifiedCount !== 1) throw new LostClaimError();
      });
      options.onCommit?.();
      logger.debug({ jobId: String(job._id), job: job.name, attempt }, 'job done');
    } catch (error) {
      if (error instanceof LostClaimError) {
        logger.info({ jobId: String(job._id), job: job.name }, 'job changed while it ran; dropped');
        return;
      }
      const failed = attempt >= maxAttempts;
      const delay = Math.min(maxRetryDelayMs, retryDelayMs * 2 ** (attempt - 1));
      await jobs.updateOne(
        { _id: job._id, leaseToken: job.leaseToken },
        {
          $set: {
            attempts: attempt,
            lastError: String((error as Error)?.message ?? error),
            leaseToken: null,
            ...(failed ? { status: JobStatus.FAILED } : { runAt: new Date(Date.now() + delay) }),
          },
        },
      );
      logger[failed ? 'error' : 'warn'](
        { jobId: String(job._id), job: job.name, attempt, error },
        failed ? 'job failed for good' : 'job failed; retrying',
      );
    }
  }

  async function pass(): Promise<void> {
    for (;;) {
      woken = false;
      const job = await claim();
      if (!job) return;
      await run(job);
    }
  }

  /** Wakes at `at` (the next due job) unless something earlier is already set. */
  function armAt(at: number): void {
    if (!started || stopped || at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(tick, Math.max(0, at - Date.now()));
    timer.unref();
  }

  function tick(): void {
    timerAt = Infinity;
    if (running || stopped) {
      woken = true;
      return;
    }
    running = pass()
      .catch((error: unknown) => logger.error({ error }, 'job pass failed'))
      .then(next)
      .finally(() => {
        running = undefined;
      });
  }

  /** After a pass: again at once if woken, else at the next job's time or the poll, whichever is sooner. */
  async function next(): Promise<void> {
    const upcoming = await jobs
      .findOne({ status: JobStatus.PENDING, name: { $in: [...handlers.keys()] } }, { runAt: 1 })
      .sort({ runAt: 1 })
      .lean()
      .catch(() => null);
    const now = Date.now();
    if (!woken && (!upcoming || upcoming.runAt.getTime() > now)) {
      for (const resolve of idleWaiters.splice(0)) resolve();
    }
    const poll = now + pollIntervalMs;
    armAt(woken ? now : Math.min(poll, upcoming?.runAt.getTime() ?? poll));
  }

  return {
    define(name, handler) {
      if (handlers.has(name)) throw new Error(`job ${name} is already defined`);
      handlers.set(name, handler);
    },
    async schedule(name, runAt, data, { uniqueKey = randomUUID(), session } = {}) {
      const job = await jobs
        .findOneAndUpdate(
          { uniqueKey },
          {
            $set: {
              name,
              runAt,
              data,
              status: JobStatus.PENDING,
              attempts: 0,
              lastError: null,
              leaseToken: null,
              completedAt: null,
            },
            $setOnInsert: { createdAt: new Date() },
          },
          { upsert: true, returnDocument: 'after', session },
        )
        .lean<JobRecord>();
      // Should the transaction abort, this wake-up finds nothing: cheaper than a commit hook.
      armAt(runAt.getTime());
      return job!;
    },
    async cancel(uniqueKey, { session } = {}) {
      const removed = await jobs.deleteOne({ uniqueKey, status: JobStatus.PENDING }, { session });
      return removed.deletedCount === 1;
    },
    async failed(first, before) {
      const items = await jobs
        .find({ status: JobStatus.FAILED, ...(before && { _id: { $lt: before } }) })
        .sort({ _id: -1 })
        .limit(first + 1)
        .lean<JobRecord[]>();
      return { items: items.slice(0, first), hasMore: items.length > first };
    },
    async retry(uniqueKey) {
      const job = await jobs
        .findOneAndUpdate(
          { uniqueKey, status: JobStatus.FAILED },
          { $set: { status: JobStatus.PENDING, attempts: 0, runAt: new Date() } },
          { returnDocument: 'after' },
        )
        .lean<JobRecord>();
      if (job) armAt(Date.now());
      return job;
    },
    async start() {
      await jobs.createIndexes();
      started = true;
      armAt(Date.now());
    },
    idle() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        armAt(Date.now());
        if (running) woken = true;
      });
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      for (const resolve of idleWaiters.splice(0)) resolve();
    },
  };
}

/** The job's completion found its claim gone: it was cancelled, replaced or re-claimed meanwhile. */
class LostClaimError extends Error {
  constructor() {
    super('the job was changed while it ran');
  }
}
