import type { EventBus } from '@weace/events';
import { BadUserInputError, NotFoundError, isDuplicateKeyError } from '@weace/service-kit';
import type { ClientSession, Types } from 'mongoose';
import type { Actor } from '../actor';
import type { Clock } from '../clock';
import { type EventDocument, EventModel } from '../event/event.model';
import { registrationSnapshot } from '../registration/registration.events';
import {
  type RegistrationDocument,
  RegistrationModel,
  RegistrationStatus,
} from '../registration/registration.model';
import { managesEvent, objectIdOf } from '../registration/registration.service';
import { type CheckIn, CheckInModel, CheckInResultCode } from './check-in.model';

export interface CheckInOutcome {
  readonly result: CheckInResultCode;
  readonly registration: RegistrationDocument | null;
  readonly checkedInAt: Date | null;
}

/**
 * Check-in at the door by ticket code, by the event's organisers, from its
 * start minus `opensMinutes`. The registration's `checkedInAt` is set by a
 * guarded update (only while unset), so `registration.checkedIn` is published
 * once however many scanners scan the ticket at once.
 */
export class CheckInService {
  constructor(
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly opensMinutes: number,
  ) {}

  async checkIn(
    actor: Actor,
    eventId: string,
    ticketCode: string,
    nonce: string,
  ): Promise<CheckInOutcome> {
    const id = objectIdOf(eventId, 'eventId');
    if (!/^[\w-]{8,100}$/.test(nonce)) {
      throw new BadUserInputError('nonce must be 8 to 100 letters, digits, - or _', 'nonce');
    }
    const event = await EventModel.findById(id).exec();
    if (!event || !managesEvent(actor, event)) throw new NotFoundError('Event', eventId);
    const earlier = await this.replay(id, nonce);
    if (earlier) return earlier;
    try {
      return await this.events.withTransaction((session) =>
        this.scan(session, actor, event, ticketCode.trim(), nonce),
      );
    } catch (error) {
      // The same scan, sent twice at once: the first one's answer is the answer.
      if (!isDuplicateKeyError(error)) throw error;
      const first = await this.replay(id, nonce);
      if (!first) throw error;
      return first;
    }
  }

  private async replay(eventId: Types.ObjectId, nonce: string): Promise<CheckInOutcome | null> {
    const scan = await CheckInModel.findOne({ eventId, nonce }).lean<CheckIn>().exec();
    if (!scan) return null;
    const registration = scan.registrationId
      ? await RegistrationModel.findById(scan.registrationId).exec()
      : null;
    return { result: scan.result, registration, checkedInAt: scan.checkedInAt };
  }

  private async scan(
    session: ClientSession,
    actor: Actor,
    event: EventDocument,
    ticketCode: string,
    nonce: string,
  ): Promise<CheckInOutcome> {
    const now = this.clock();
    const found = ticketCode
      ? await RegistrationModel.findOne({ ticketCode }).session(session).exec()
      : null;
    let outcome: CheckInOutcome;
    if (!found) {
      outcome = { result: CheckInResultCode.INVALID, registration: null, checkedInAt: null };
    } else if (!found.eventId.equals(event._id)) {
      // Nothing of another event's registration is shown.
      outcome = { result: CheckInResultCode.WRONG_EVENT, registration: null, checkedInAt: null };
    } else if (found.status === RegistrationStatus.CANCELLED) {
      outcome = { result: CheckInResultCode.CANCELLED, registration: found, checkedInAt: null };
    } else if (found.status !== RegistrationStatus.CONFIRMED) {
      outcome = { result: CheckInResultCode.NOT_CONFIRMED, registration: found, checkedInAt: null };
    } else if (now.getTime() < event.startsAt.getTime() - this.opensMinutes * 60_000) {
      outcome = { result: CheckInResultCode.TOO_EARLY, registration: found, checkedInAt: null };
    } else {
      const checkedIn = await RegistrationModel.findOneAndUpdate(
        { _id: found._id, status: RegistrationStatus.CONFIRMED, checkedInAt: null },
        { $set: { checkedInAt: now, checkedInBy: actor.userId } },
        { returnDocument: 'after', session },
      ).exec();
      if (checkedIn) {
        await this.events.publish(session, {
          type: 'registration.checkedIn',
          subject: checkedIn.id as string,
          payload: {
            ...registrationSnapshot(checkedIn, event),
            checkedInAt: now.toISOString(),
            checkedInBy: actor.userId,
          },
          actorId: actor.userId,
        });
        outcome = { result: CheckInResultCode.OK, registration: checkedIn, checkedInAt: now };
      } else {
        const first = await RegistrationModel.findById(found._id).session(session).exec();
        outcome = {
          result: CheckInResultCode.ALREADY_CHECKED_IN,
          registration: first,
          checkedInAt: first?.checkedInAt ?? null,
        };
      }
    }
    await CheckInModel.create(
      [
        {
          eventId: event._id,
          nonce,
          registrationId: outcome.registration?._id ?? null,
          result: outcome.result,
          checkedInAt: outcome.checkedInAt,
          scannedBy: actor.userId,
        },
      ],
      { session },
    );
    return outcome;
  }
}
