import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Connection } from 'mongoose';
import {
  type EventTestWorld,
  eventually,
  startEventTestWorld,
  userDeleted,
} from '../testing/event-fixtures';
import { createInProcessTransport } from '../transports/in-process.transport';
import { silentLogger } from '../testing/fixtures';
import { JobStatus, jobModel } from './job.model';
import { type Scheduler, type SchedulerOptions, createScheduler } from './scheduler';

describe('durable scheduled jobs', () => {
  let world: EventTestWorld;
  let db: Connection;
  const schedulers: Scheduler[] = [];
  let tests = 0;

  beforeAll(async () => {
    world = await startEventTestWorld();
    db = await world.database('weace_jobs');
  });
  afterAll(async () => {
    for (const scheduler of schedulers) await scheduler.stop();
    await world.stop();
  });

  /** A scheduler (one replica) on the shared database, with fast retries; stopped after the file. */
  function replica(options: Partial<SchedulerOptions> = {}): Scheduler {
    const scheduler = createScheduler({
      connection: db,
      logger: silentLogger,
      pollIntervalMs: 50,
      retryDelayMs: 20,
      maxAttempts: 3,
      ...options,
    });
    schedulers.push(scheduler);
    return scheduler;
  }

  /** A job name of this test alone, so schedulers of other tests leave its jobs alone. */
  const jobName = () => `job-${++tests}`;
  const bookings = () => db.collection('bookings');
  const jobs = () => jobModel(db, 30);
  const soon = () => new Date(Date.now() + 20);

  it('stores nothing and runs nothing when the transaction that scheduled it aborts', async () => {
    const name = jobName();
    const runs: unknown[] = [];
    const scheduler = replica();
    scheduler.define(name, async (job) => {
      runs.push(job.data);
    });
    await scheduler.start();
    await expect(
      db.transaction(async (session) => {
        await bookings().insertOne({ _id: 'aborted' as never }, { session });
        await scheduler.schedule(name, soon(), { booking: 'aborted' }, { session });
        throw new Error('the booking is refused');
      }),
    ).rejects.toThrow('the booking is refused');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await scheduler.idle();
    expect(runs).toEqual([]);
    expect(await jobs().countDocuments({ name })).toBe(0);
  });

  it('commits a booking with its reminder, and a cancellation removes both together', async () => {
    const name = jobName();
    const runs: unknown[] = [];
    const scheduler = replica();
    scheduler.define(name, async (job) => {
      runs.push(job.data);
    });
    await scheduler.start();
    const later = new Date(Date.now() + 60_000);
    await db.transaction(async (session) => {
      await bookings().insertOne({ _id: 'b1' as never }, { session });
      await scheduler.schedule(
        name,
        later,
        { booking: 'b1' },
        { uniqueKey: 'b1:reminder', session },
      );
    });
    expect(
      await jobs().countDocuments({ uniqueKey: 'b1:reminder', status: JobStatus.PENDING }),
    ).toBe(1);

    await db.transaction(async (session) => {
      await bookings().deleteOne({ _id: 'b1' as never }, { session });
      expect(await scheduler.cancel('b1:reminder', { session })).toBe(true);
    });
    expect(await jobs().countDocuments({ uniqueKey: 'b1:reminder' })).toBe(0);
    expect(await bookings().countDocuments({ _id: 'b1' as never })).toBe(0);
    expect(runs).toEqual([]);
  });

  it('keeps one job per unique key: scheduling the key again replaces its time and data', async () => {
    const name = jobName();
    const scheduler = replica();
    const later = new Date(Date.now() + 60_000);
    await scheduler.schedule(name, later, { v: 1 }, { uniqueKey: 'offer:1:expiry' });
    const moved = new Date(later.getTime() + 60_000);
    await scheduler.schedule(name, moved, { v: 2 }, { uniqueKey: 'offer:1:expiry' });
    const stored = await jobs().find({ uniqueKey: 'offer:1:expiry' }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ data: { v: 2 }, runAt: moved, status: JobStatus.PENDING });
  });

  it('runs each due job once when two replicas race on one database', async () => {
    const name = jobName();
    const runs = new Map<string, number>();
    const handler = async (job: { uniqueKey: string }) => {
      runs.set(job.uniqueKey, (runs.get(job.uniqueKey) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const [a, b] = [replica(), replica()];
    a.define(name, handler);
    b.define(name, handler);
    const keys = Array.from({ length: 20 }, (_, i) => `race:${i}`);
    for (const key of keys) await a.schedule(name, new Date(), { key }, { uniqueKey: key });
    await Promise.all([a.start(), b.start()]);
    await eventually(
      async () => (await jobs().countDocuments({ name, status: JobStatus.DONE })) === 20,
    );
    expect(new Set(runs.keys())).toEqual(new Set(keys));
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
  });

  it('retries a failing job with growing waits, then marks it FAILED after the last attempt, listable and retryable', async () => {
    const name = jobName();
    const attemptsAt: number[] = [];
    let fixed = false;
    const scheduler = replica({ maxAttempts: 3, retryDelayMs: 40 });
    scheduler.define(name, async () => {
      attemptsAt.push(Date.now());
      if (!fixed) throw new Error('mail server down');
    });
    await scheduler.start();
    await scheduler.schedule(name, new Date(), null, { uniqueKey: 'digest:1' });
    await eventually(
      async () => (await jobs().countDocuments({ name, status: JobStatus.FAILED })) === 1,
    );

    expect(attemptsAt).toHaveLength(3);
    // Backoff is a lower bound: 40 ms before the second attempt, 80 ms before the third.
    expect(attemptsAt[1]! - attemptsAt[0]!).toBeGreaterThanOrEqual(40);
    expect(attemptsAt[2]! - attemptsAt[1]!).toBeGreaterThanOrEqual(80);
    const page = await scheduler.failed(10);
    expect(page.items.map((job) => job.uniqueKey)).toContain('digest:1');
    expect(page.items.find((job) => job.uniqueKey === 'digest:1')).toMatchObject({
      attempts: 3,
      lastError: 'mail server down',
    });

    fixed = true;
    expect(await scheduler.retry('digest:1')).toMatchObject({ status: JobStatus.PENDING });
    await eventually(
      async () => (await jobs().countDocuments({ name, status: JobStatus.DONE })) === 1,
    );
    expect(attemptsAt).toHaveLength(4);
  });

  it('runs a job that fell due while no scheduler ran as soon as one starts', async () => {
    const name = jobName();
    const writer = replica();
    await writer.schedule(
      name,
      new Date(Date.now() - 60_000),
      { missed: true },
      { uniqueKey: 'missed' },
    );
    const runs: unknown[] = [];
    const restarted = replica();
    restarted.define(name, async (job) => {
      runs.push(job.data);
    });
    await restarted.start();
    await eventually(() => runs.length === 1);
    expect(runs).toEqual([{ missed: true }]);
  });

  it("commits the handler's writes with the job's completion: a failed attempt leaves no partial write", async () => {
    const name = jobName();
    let attempt = 0;
    const scheduler = replica({ maxAttempts: 3 });
    scheduler.define(name, async (job, { session }) => {
      attempt++;
      await db.collection('reminders_sent').insertOne({ job: job.uniqueKey, attempt }, { session });
      if (attempt === 1) throw new Error('crashed after writing');
    });
    await scheduler.start();
    await scheduler.schedule(name, new Date(), null, { uniqueKey: 'reminder:once' });
    await eventually(
      async () => (await jobs().countDocuments({ name, status: JobStatus.DONE })) === 1,
    );
    const sent = await db.collection('reminders_sent').find({ job: 'reminder:once' }).toArray();
    expect(sent.map((doc) => doc.attempt)).toEqual([2]);
  });

  it('publishes the events of a job that failed once exactly once, after the attempt that committed', async () => {
    const name = jobName();
    const transport = createInProcessTransport();
    const bus = world.bus('users', db, transport);
    await bus.start();
    let attempt = 0;
    const scheduler = replica({ onCommit: () => bus.wake() });
    scheduler.define(name, async (job, { session }) => {
      attempt++;
      await bus.publish(session, userDeleted(String(job.data)));
      if (attempt === 1) throw new Error('crashed after publishing');
    });
    await scheduler.start();
    await scheduler.schedule(name, new Date(), 'user-expired');
    await eventually(
      async () => (await jobs().countDocuments({ name, status: JobStatus.DONE })) === 1,
    );
    await bus.drained();
    const outbox = await db
      .collection('outbox')
      .find({ 'envelope.subject': 'user-expired' })
      .toArray();
    expect(outbox.map((record) => record.status)).toEqual(['PUBLISHED']);
    await bus.stop();
    await transport.close();
  });

  it('wakes for a near job before the next poll', async () => {
    const name = jobName();
    const ranAt: number[] = [];
    const scheduler = replica({ pollIntervalMs: 60_000 });
    scheduler.define(name, async () => {
      ranAt.push(Date.now());
    });
    await scheduler.start();
    await scheduler.idle();
    await scheduler.schedule(name, new Date(Date.now() + 50), null);
    // The poll is a minute away: only the timer set to the job's time can run it within the wait.
    await eventually(() => ranAt.length === 1, 5_000);
    expect(ranAt).toHaveLength(1);
  });
});
