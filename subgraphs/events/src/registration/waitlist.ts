import type { EventBus, Scheduler } from '@weace/events';
import type { ClientSession } from 'mongoose';
import { type Clock, wallTimeOf } from '../clock';
import {
  type EventDocument,
  EventModel,
  EventStatus,
  registrationClosesAt,
} from '../event/event.model';
import { registrationSnapshot } from './registration.events';
import {
  type RegistrationDocument,
  RegistrationModel,
  RegistrationStatus,
} from './registration.model';

export const OFFER_EXPIRY_JOB = 'waitlist.offer-expiry';

const HOUR_MS = 3_600_000;

/** The job that lapses one offer: one per registration, replaced if offered again. */
export function offerExpiryKey(registrationId: string): string {
  return `offer-expiry:${registrationId}`;
}

/**
 * Hands freed seats to the waitlist, fairly: the lowest ticket first, one
 * offer per seat, each valid `offerHours` but never beyond registration close
 * or the event's start. A seat nobody may be offered goes back to `seatsLeft`.
 * Everything runs in the caller's transaction, with the change that freed the seat.
 */
export class Waitlist {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: Scheduler,
    private readonly clock: Clock,
  ) {}

  /** Registers the offer expiry job's handler (once, when the service starts). */
  defineJobs(): void {
    this.jobs.define(OFFER_EXPIRY_JOB, async (job, { session }) => {
      const { registrationId } = job.data as { registrationId: string };
      await this.expireOffer(registrationId, session);
    });
  }

  /** `count` seats of `event` came free (a cancellation, a lapsed offer, more capacity). */
  async releaseSeats(event: EventDocument, count: number, session: ClientSession): Promise<void> {
    let returned = 0;
    for (let i = 0; i < count; i += 1) {
      if (!(await this.offerNext(event, session))) returned += 1;
    }
    if (returned > 0) {
      await EventModel.updateOne(
        { _id: event._id },
        { $inc: { seatsLeft: returned } },
        { session },
      );
    }
  }

  /** Offers the seat to the first person waiting; false when offers are over or nobody waits. */
  private async offerNext(event: EventDocument, session: ClientSession): Promise<boolean> {
    const now = this.clock();
    const closes = registrationClosesAt(event);
    if (event.status !== EventStatus.PUBLISHED || now >= closes) return false;
    const offerExpiresAt = new Date(
      Math.min(now.getTime() + event.offerHours * HOUR_MS, closes.getTime()),
    );
    const offered = await RegistrationModel.findOneAndUpdate(
      { eventId: event._id, status: RegistrationStatus.WAITLISTED },
      { $set: { status: RegistrationStatus.OFFERED, offerExpiresAt } },
      { sort: { waitlistTicket: 1 }, returnDocument: 'after', session },
    ).exec();
    if (!offered) return false;
    await this.jobs.schedule(
      OFFER_EXPIRY_JOB,
      wallTimeOf(offerExpiresAt, this.clock),
      { registrationId: offered.id as string },
      { uniqueKey: offerExpiryKey(offered.id as string), session },
    );
    await this.events.publish(session, {
      type: 'waitlist.offered',
      subject: offered.id as string,
      payload: {
        ...registrationSnapshot(offered, event),
        offerExpiresAt: offerExpiresAt.toISOString(),
      },
    });
    return true;
  }

  /** An offer not claimed by its deadline lapses, and its seat goes to the next in line. */
  async expireOffer(
    registrationId: string,
    session: ClientSession,
  ): Promise<RegistrationDocument | null> {
    const expired = await RegistrationModel.findOneAndUpdate(
      {
        _id: registrationId,
        status: RegistrationStatus.OFFERED,
        offerExpiresAt: { $lte: this.clock() },
      },
      { $set: { status: RegistrationStatus.EXPIRED }, $unset: { live: 1 } },
      { returnDocument: 'after', session },
    ).exec();
    if (!expired) return null;
    const event = await EventModel.findById(expired.eventId).session(session).exec();
    if (event) await this.releaseSeats(event, 1, session);
    return expired;
  }
}
