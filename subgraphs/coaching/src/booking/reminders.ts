import type { EventBus, Scheduler } from '@weace/events';
import type { ClientSession } from 'mongoose';
import type { Clock } from '../clock';
import { sessionPayload } from './session.events';
import { type CoachingSessionDocument, CoachingSessionModel, SessionStatus } from './session.model';

const JOB = 'coaching.session-reminder';

/** Reminders go out this many hours before a session starts. */
export const REMINDER_HOURS = [24, 1] as const;

const keyOf = (sessionId: string, hours: number) => `session:${sessionId}:reminder-${hours}h`;

interface ReminderData {
  readonly sessionId: string;
  readonly hoursBefore: number;
}

/** `session.reminder` 24 h and 1 h before each booked session: durable jobs stored with the booking. */
export class Reminders {
  constructor(
    private readonly jobs: Scheduler,
    private readonly now: Clock,
  ) {}

  /** Publishes the reminder of a session still booked; a job whose session changed does nothing. */
  define(events: EventBus): void {
    this.jobs.define(JOB, async (job, { session: transaction }) => {
      const { sessionId, hoursBefore } = job.data as ReminderData;
      const session = await CoachingSessionModel.findOne({
        _id: sessionId,
        status: SessionStatus.BOOKED,
      }).session(transaction);
      if (!session) return;
      await events.publish(transaction, {
        type: 'session.reminder',
        subject: sessionId,
        payload: { ...sessionPayload(session), hoursBefore },
      });
    });
  }

  /** Schedules the reminders still ahead, in the booking's transaction. */
  async schedule(session: CoachingSessionDocument, transaction: ClientSession): Promise<void> {
    const now = this.now().getTime();
    for (const hoursBefore of REMINDER_HOURS) {
      const runAt = new Date(session.startsAt.getTime() - hoursBefore * 3_600_000);
      if (runAt.getTime() <= now) continue;
      const data: ReminderData = { sessionId: session.id as string, hoursBefore };
      await this.jobs.schedule(JOB, runAt, data, {
        uniqueKey: keyOf(data.sessionId, hoursBefore),
        session: transaction,
      });
    }
  }

  /** Removes the session's pending reminders, in the cancellation's transaction. */
  async cancel(session: CoachingSessionDocument, transaction: ClientSession): Promise<void> {
    for (const hoursBefore of REMINDER_HOURS) {
      await this.jobs.cancel(keyOf(session.id as string, hoursBefore), { session: transaction });
    }
  }
}
