import { randomBytes } from 'node:crypto';
import type { EventBus, Scheduler } from '@weace/events';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  isDuplicateKeyError,
} from '@weace/service-kit';
import { type ClientSession, Types, isValidObjectId } from 'mongoose';
import { type Actor, isAdmin } from '../actor';
import type { Clock } from '../clock';
import { KeyedQueue } from '../keyed-queue';
import {
  type Event,
  type EventDocument,
  EventModel,
  EventStatus,
  registrationClosesAt,
} from '../event/event.model';
import { announceConfirmed, registrationSnapshot } from './registration.events';
import {
  type LiveStatus,
  type RegistrationDocument,
  RegistrationModel,
  RegistrationStatus,
} from './registration.model';
import { type Waitlist, offerExpiryKey } from './waitlist';

/** A ticket code: 15 random bytes, 20 URL-safe characters. */
function newTicketCode(): string {
  return randomBytes(15).toString('base64url');
}

/** An id argument, or BAD_USER_INPUT naming `field`. */
export function objectIdOf(id: string, field: string): Types.ObjectId {
  if (!isValidObjectId(id) || !/^[0-9a-f]{24}$/i.test(id)) {
    throw new BadUserInputError(`${field} is not a valid id`, field);
  }
  return new Types.ObjectId(id);
}

/** Organisers of the event and ADMIN people manage its registrations. */
export function managesEvent(actor: Actor, event: Pick<Event, 'organizerIds'>): boolean {
  return isAdmin(actor) || event.organizerIds.includes(actor.userId);
}

/**
 * Registering, cancelling and claiming offers. Seats are taken with a guarded
 * `$inc` on the event (`seatsLeft > 0` in the filter) inside the transaction
 * that stores the registration, so no number of concurrent requests can take
 * more seats than there are.
 */
export class RegistrationService {
  /** Registrations for one event queue up in this process (see {@link KeyedQueue}). */
  private readonly seats = new KeyedQueue();

  constructor(
    private readonly events: EventBus,
    private readonly jobs: Scheduler,
    private readonly waitlist: Waitlist,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers `actor` for the event: CONFIRMED with a seat left, WAITLISTED
   * when full and the waitlist is on, CONFLICT `EVENT_FULL` otherwise.
   * Registering again returns the live registration the person already has.
   */
  async register(actor: Actor, eventId: string): Promise<RegistrationDocument> {
    const id = objectIdOf(eventId, 'eventId');
    const existing = await this.liveRegistration(id, actor.userId);
    if (existing) return existing;
    try {
      return await this.seats.run(eventId, () =>
        this.events.withTransaction((session) => this.registerIn(session, actor, id)),
      );
    } catch (error) {
      // Another request of the same person registered them first: theirs is the registration.
      if (!isDuplicateKeyError(error)) throw error;
      const registered = await this.liveRegistration(id, actor.userId);
      if (!registered) throw error;
      return registered;
    }
  }

  private liveRegistration(eventId: Types.ObjectId, userId: string) {
    return RegistrationModel.findOne({ eventId, userId, live: true }).exec();
  }

  private async registerIn(
    session: ClientSession,
    actor: Actor,
    eventId: Types.ObjectId,
  ): Promise<RegistrationDocument> {
    const now = this.clock();
    // The seat first: concurrent registrations conflict here, before writing anything else.
    const seated = await EventModel.findOneAndUpdate(
      { _id: eventId, status: EventStatus.PUBLISHED, seatsLeft: { $gt: 0 } },
      { $inc: { seatsLeft: -1 } },
      { returnDocument: 'after', session },
    ).exec();
    const event = seated ?? (await EventModel.findById(eventId).session(session).exec());
    if (!event || event.status === EventStatus.DRAFT)
      throw new NotFoundError('Event', eventId.toHexString());
    this.assertOpen(event, now);
    if (seated) {
      const [registration] = await RegistrationModel.create(
        [
          {
            eventId,
            userId: actor.userId,
            status: RegistrationStatus.CONFIRMED,
            live: true,
            ticketCode: newTicketCode(),
          },
        ],
        { session },
      );
      await announceConfirmed(this.events, session, registration!, event);
      return registration!;
    }
    if (!event.waitlistEnabled) {
      throw new ConflictError('The event is full', 'eventId', 'EVENT_FULL');
    }
    const ticketed = await EventModel.findOneAndUpdate(
      { _id: eventId },
      { $inc: { waitlistTicket: 1 } },
      { returnDocument: 'after', session },
    ).exec();
    const [registration] = await RegistrationModel.create(
      [
        {
          eventId,
          userId: actor.userId,
          status: RegistrationStatus.WAITLISTED,
          live: true,
          ticketCode: newTicketCode(),
          waitlistTicket: ticketed!.waitlistTicket,
        },
      ],
      { session },
    );
    await this.events.publish(session, {
      type: 'registration.waitlisted',
      subject: registration!.id as string,
      payload: {
        ...registrationSnapshot(registration!, event),
        position: (await this.positionIn(registration!, session))!,
      },
      actorId: actor.userId,
    });
    return registration!;
  }

  /** FORBIDDEN `REGISTRATION_CLOSED` outside the event's registration window. */
  private assertOpen(event: EventDocument, now: Date): void {
    if (event.status !== EventStatus.PUBLISHED) {
      throw new ForbiddenError('The event was cancelled', 'EVENT_CANCELLED');
    }
    if (event.registrationOpensAt && now < event.registrationOpensAt) {
      throw new ForbiddenError('Registration has not opened yet', 'REGISTRATION_NOT_OPEN');
    }
    if (now >= registrationClosesAt(event)) {
      throw new ForbiddenError('Registration is closed', 'REGISTRATION_CLOSED');
    }
  }

  /** The live rank in the waitlist: waiting registrations with a lower ticket, plus one. */
  async position(registration: RegistrationDocument): Promise<number | null> {
    return this.positionIn(registration);
  }

  private async positionIn(
    registration: RegistrationDocument,
    session?: ClientSession,
  ): Promise<number | null> {
    if (registration.status !== RegistrationStatus.WAITLISTED) return null;
    const ahead = await RegistrationModel.countDocuments({
      eventId: registration.eventId,
      status: RegistrationStatus.WAITLISTED,
      waitlistTicket: { $lt: registration.waitlistTicket },
    })
      .session(session ?? null)
      .exec();
    return ahead + 1;
  }

  /**
   * Cancels a live registration: its owner until `selfCancelUntil` (FORBIDDEN
   * `CANCELLATION_WINDOW_CLOSED` after), an organiser any time with a reason.
   * A seat it held goes to the next person waiting.
   */
  async cancel(
    actor: Actor,
    registrationId: string,
    reason: string | null,
  ): Promise<RegistrationDocument> {
    const id = objectIdOf(registrationId, 'id');
    return this.events.withTransaction(async (session) => {
      const registration = await RegistrationModel.findById(id).session(session).exec();
      const event =
        registration && (await EventModel.findById(registration.eventId).session(session).exec());
      if (!registration || !event) throw new NotFoundError('Registration', registrationId);
      const own = registration.userId === actor.userId;
      const organiser = managesEvent(actor, event);
      if (!own && !organiser) throw new NotFoundError('Registration', registrationId);
      if (!own && !reason?.trim()) {
        throw new BadUserInputError(
          'An organiser cancelling a registration gives a reason',
          'reason',
        );
      }
      if (own && !organiser) {
        const until = event.selfCancelUntil ?? event.startsAt;
        if (this.clock() >= until) {
          throw new ForbiddenError(
            'Registrations for this event can no longer be cancelled',
            'CANCELLATION_WINDOW_CLOSED',
          );
        }
      }
      const cancelled = await this.cancelIn(session, registration, event, {
        by: actor.userId,
        reason: reason?.trim() || null,
      });
      if (!cancelled) {
        throw new ConflictError('The registration is no longer active', 'id', 'NOT_ACTIVE');
      }
      return cancelled;
    });
  }

  /**
   * Cancels one live registration in `session`'s transaction (guarded on its
   * status, so two cancellations free one seat) and hands a held seat on.
   * Null when it was not live any more.
   */
  async cancelIn(
    session: ClientSession,
    registration: RegistrationDocument,
    event: EventDocument,
    {
      by,
      reason,
      withEvent = false,
    }: { by: string | null; reason: string | null; withEvent?: boolean },
  ): Promise<RegistrationDocument | null> {
    const previous = registration.status;
    if (!isLive(previous)) return null;
    const cancelled = await RegistrationModel.findOneAndUpdate(
      { _id: registration._id, status: previous },
      {
        $set: {
          status: RegistrationStatus.CANCELLED,
          cancelledAt: this.clock(),
          cancelledBy: by,
          cancellationReason: reason,
          cancelledWithEvent: withEvent,
          offerExpiresAt: null,
        },
        $unset: { live: 1 },
      },
      { returnDocument: 'after', session },
    ).exec();
    if (!cancelled) return null;
    if (previous === RegistrationStatus.OFFERED) {
      await this.jobs.cancel(offerExpiryKey(cancelled.id as string), { session });
    }
    if (!withEvent && previous !== RegistrationStatus.WAITLISTED) {
      await this.waitlist.releaseSeats(event, 1, session);
    }
    await this.events.publish(session, {
      type: 'registration.cancelled',
      subject: cancelled.id as string,
      payload: {
        ...registrationSnapshot(cancelled, event),
        previousStatus: previous,
        cancelledBy: by,
        reason,
      },
      ...(by && { actorId: by }),
    });
    return cancelled;
  }

  /**
   * Claims an offered seat before its deadline: CONFIRMED, and the offer is
   * used up. CONFLICT `OFFER_NOT_AVAILABLE` when there is no open offer.
   */
  async claimOffer(actor: Actor, registrationId: string): Promise<RegistrationDocument> {
    const id = objectIdOf(registrationId, 'registrationId');
    return this.events.withTransaction(async (session) => {
      const claimed = await RegistrationModel.findOneAndUpdate(
        {
          _id: id,
          userId: actor.userId,
          status: RegistrationStatus.OFFERED,
          offerExpiresAt: { $gt: this.clock() },
        },
        {
          $set: {
            status: RegistrationStatus.CONFIRMED,
            viaWaitlistOffer: true,
            offerExpiresAt: null,
          },
        },
        { returnDocument: 'after', session },
      ).exec();
      if (!claimed) {
        const mine = await RegistrationModel.exists({ _id: id, userId: actor.userId }).session(
          session,
        );
        if (!mine) throw new NotFoundError('Registration', registrationId);
        throw new ConflictError(
          'There is no open offer to claim on this registration',
          'registrationId',
          'OFFER_NOT_AVAILABLE',
        );
      }
      await this.jobs.cancel(offerExpiryKey(claimed.id as string), { session });
      const event = await EventModel.findById(claimed.eventId).session(session).exec();
      await announceConfirmed(this.events, session, claimed, event!);
      return claimed;
    });
  }
}

function isLive(status: RegistrationStatus): status is LiveStatus {
  return (
    status === RegistrationStatus.CONFIRMED ||
    status === RegistrationStatus.WAITLISTED ||
    status === RegistrationStatus.OFFERED
  );
}
