import { randomUUID } from 'node:crypto';
import type { EventLogger } from '../logger';
import type { EventMetrics } from '../metrics';
import type { Transport } from '../transports/transport';
import { OutboxStatus, type OutboxModels } from './outbox.model';

export interface RelayOptions {
  /** How often the outbox is checked besides the wake-up after each commit. Default 1 000 ms. */
  readonly pollIntervalMs?: number;
  /** Records claimed at once. Default 100. */
  readonly batchSize?: number;
  /** How long a claim keeps other relays (replicas) off a record. Default 60 000 ms. */
  readonly leaseMs?: number;
  /** Longest wait between attempts while the transport fails. Default 30 000 ms. */
  readonly maxBackoffMs?: number;
}

export interface Relay {
  /** Something was committed: look now instead of at the next poll. */
  wake(): void;
  /** Resolves when nothing is pending (tests, benchmarks). */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Moves outbox records to the transport in creation order, and marks each
 * published only after the transport confirmed it. Several replicas of a
 * service may run a relay: a record is claimed (a lease with a token, set by
 * a guarded update) before it is sent, so one relay sends it at a time; a
 * lease that runs out lets another relay send it again, which the transport's
 * duplicate detection and the consumers' inboxes make harmless.
 */
export function startRelay(
  models: OutboxModels,
  transport: Transport,
  metrics: EventMetrics,
  logger: EventLogger,
  options: RelayOptions = {},
): Relay {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? 60_000;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const { outbox } = models;
  let stopped = false;
  let woken = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const idleWaiters: (() => void)[] = [];

  /** Claims up to a batch of pending records whose lease is free, oldest first. */
  async function claim(): Promise<string[]> {
    const now = new Date();
    const free = {
      status: OutboxStatus.PENDING,
      $or: [{ leaseUntil: null }, { leaseUntil: { $lte: now } }],
    };
    const candidates = await outbox.find(free, { _id: 1 }).sort({ _id: 1 }).limit(batchSize).lean();
    if (candidates.length === 0) return [];
    const leaseToken = randomUUID();
    const ids = candidates.map((record) => record._id);
    await outbox.updateMany(
      { _id: { $in: ids }, ...free },
      { $set: { leaseToken, leaseUntil: new Date(now.getTime() + leaseMs) } },
    );
    const claimed = await outbox
      .find({ _id: { $in: ids }, leaseToken }, { _id: 1 })
      .sort({ _id: 1 })
      .lean();
    return claimed.map((record) => record._id);
  }

  async function send(id: string): Promise<boolean> {
    const record = await outbox.findById(id).lean();
    if (!record || record.status !== OutboxStatus.PENDING) return true;
    try {
      await transport.publish(record.envelope);
    } catch (error) {
      await outbox.updateOne(
        { _id: id },
        {
          $inc: { attempts: 1 },
          $set: { lastError: String((error as Error).message ?? error), leaseUntil: null },
        },
      );
      logger.warn(
        { eventId: id, type: record.envelope.type, error },
        'event not published yet; retrying',
      );
      return false;
    }
    await outbox.updateOne(
      { _id: id },
      {
        $set: {
          status: OutboxStatus.PUBLISHED,
          publishedAt: new Date(),
          leaseToken: null,
          leaseUntil: null,
          lastError: null,
        },
      },
    );
    metrics.published.inc({ type: record.envelope.type });
    logger.debug(
      { eventId: id, type: record.envelope.type, correlationId: record.envelope.correlationId },
      'event published',
    );
    return true;
  }

  /** Sends everything pending; false when the transport failed (then back off). */
  async function pass(): Promise<boolean> {
    for (;;) {
      woken = false;
      const ids = await claim();
      if (ids.length === 0) return true;
      // In parallel, so one slow consumer (in process) does not hold up the rest; started in order.
      const sent = await Promise.all(ids.map(send));
      if (sent.includes(false)) return false;
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    if (running || stopped) {
      woken = true;
      return;
    }
    running = pass()
      .then((ok) => {
        failures = ok ? 0 : failures + 1;
      })
      .catch((error: unknown) => {
        failures++;
        logger.error({ error }, 'outbox relay pass failed');
      })
      .finally(async () => {
        running = undefined;
        if (failures === 0 && !woken) {
          const pending = await outbox.exists({ status: OutboxStatus.PENDING }).catch(() => null);
          if (!pending) for (const resolve of idleWaiters.splice(0)) resolve();
        }
        const backoff = Math.min(maxBackoffMs, 250 * 2 ** failures);
        schedule(failures > 0 ? backoff : woken ? 0 : pollIntervalMs);
      });
  }

  schedule(0);
  return {
    wake() {
      // Remembered, not only timed: a pass ending meanwhile reschedules and would clear the timer.
      woken = true;
      if (failures === 0) schedule(0);
    },
    drained() {
      return new Promise((resolve) => {
        idleWaiters.push(resolve);
        schedule(0);
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
