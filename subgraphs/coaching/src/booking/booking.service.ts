import type { EventBus } from '@weace/events';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  isDuplicateKeyError,
} from '@weace/service-kit';
import { type ClientSession, Types } from 'mongoose';
import { MINUTES } from '../availability/availability';
import { type Actor, isAdmin } from '../caller';
import type { Clock } from '../clock';
import type { CoachProfileDocument } from '../coach/coach-profile.model';
import type { CoachService } from '../coach/coach.service';
import type { PackageService } from '../package/package.service';
import type { SessionType, SessionTypeDocument } from '../session-type/session-type.model';
import { SessionTypeModel } from '../session-type/session-type.model';
import type { SessionTypeService } from '../session-type/session-type.service';
import { countKeys } from './booking.counts';
import { blockedSpan, blocksOf, checkStart } from './booking.rules';
import type { Reminders } from './reminders';
import { announce, icsUidFor, sessionPayload } from './session.events';
import { type CoachingSessionDocument, CoachingSessionModel, SessionStatus } from './session.model';
import { BookingCountModel, SlotClaimModel } from './slot-claim.model';

export interface BookSessionRequest {
  readonly coachId: string;
  readonly sessionTypeId: string;
  readonly startsAt: Date;
  readonly idempotencyKey?: string | null;
}

/** Why a session is cancelled, and by whom (null: the system, e.g. an erased account). */
export interface Cancellation {
  readonly by: string | null;
  readonly reason: string | null;
}

const slotTaken = () => new ConflictError('That time is no longer free', 'startsAt', 'SLOT_TAKEN');

/**
 * Booking, cancelling, rescheduling and completing sessions. Whether a time
 * is free is decided by the database when the booking is stored: every
 * session inserts claims on the blocks of its coach's time (buffers
 * included) and of its coachee's, uniquely keyed, in one transaction with
 * the session, its counts, its credit, its event and its reminders.
 */
export class BookingService {
  constructor(
    private readonly events: EventBus,
    private readonly coaches: CoachService,
    private readonly sessionTypes: SessionTypeService,
    private readonly packages: PackageService,
    private readonly reminders: Reminders,
    private readonly now: Clock,
  ) {}

  async book(actor: Actor, request: BookSessionRequest): Promise<CoachingSessionDocument> {
    const key = request.idempotencyKey ?? undefined;
    if (key !== undefined) {
      const earlier = await this.byIdempotencyKey(actor.userId, key);
      if (earlier) return earlier;
    }
    const coach = await this.bookableCoach(request.coachId);
    if (coach.id === actor.userId) {
      throw new BadUserInputError('A coach cannot book a session with themself', 'coachId');
    }
    const type = await this.sessionTypes.findBookable(
      coach.id as string,
      request.sessionTypeId,
      'sessionTypeId',
    );
    checkStart(coach, type, request.startsAt, this.now(), { isCoach: false });
    try {
      return await this.events.withTransaction(async (transaction) => {
        const packageId = type.requiresPackage
          ? await this.packages.spend(actor.userId, transaction)
          : null;
        const _id = new Types.ObjectId();
        const session = await this.store(
          {
            _id,
            coacheeId: actor.userId,
            icsUid: icsUidFor(_id.toHexString()),
            icsSequence: 0,
            packageId,
            rescheduledFrom: null,
            ...(key !== undefined && { idempotencyKey: key }),
          },
          coach,
          type,
          request.startsAt,
          transaction,
        );
        await announce(this.events, transaction, 'session.booked', session, actor.userId);
        return session;
      });
    } catch (error) {
      // A concurrent request with the same key stored its session first (its
      // claims or its key clashed with ours): that session is the answer.
      if (key !== undefined) {
        const earlier = await this.byIdempotencyKey(actor.userId, key);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  /**
   * Cancels a booked session. A coachee may until the type's cancellation
   * notice; the coach and ADMIN any time, with a reason. The slot is free
   * as the transaction commits; the credit comes back unless it is late.
   */
  async cancel(actor: Actor, id: string, reason: string | null): Promise<CoachingSessionDocument> {
    const session = await this.partyOf(actor, id);
    const type = await this.typeOf(session);
    const late = this.insideCancellationNotice(session, type);
    const staff = session.coachId === actor.userId || isAdmin(actor);
    if (staff && !reason) {
      throw new BadUserInputError('A coach or admin cancels with a reason', 'reason');
    }
    if (!staff && late) {
      throw new ForbiddenError(
        `Cancelling closes ${type.cancellationNoticeMinutes} minutes before the start`,
        'CANCELLATION_WINDOW_CLOSED',
      );
    }
    return this.events.withTransaction((transaction) =>
      this.cancelIn(transaction, session, { by: actor.userId, reason }, { late }),
    );
  }

  /**
   * Moves a booked session to `startsAt` atomically: the old session is
   * cancelled and its claims released, and a new session linked to it
   * (same ICS UID, next SEQUENCE) claims the new time, in one transaction;
   * if the new time is taken, nothing changes.
   */
  async reschedule(actor: Actor, id: string, startsAt: Date): Promise<CoachingSessionDocument> {
    const old = await this.partyOf(actor, id);
    const byCoach = old.coachId === actor.userId;
    const staff = byCoach || isAdmin(actor);
    const oldType = await this.typeOf(old);
    if (!staff && this.insideCancellationNotice(old, oldType)) {
      throw new ForbiddenError(
        `Rescheduling closes ${oldType.cancellationNoticeMinutes} minutes before the start`,
        'CANCELLATION_WINDOW_CLOSED',
      );
    }
    const coach = await this.bookableCoach(old.coachId);
    const type = await this.sessionTypes.findBookable(
      old.coachId,
      old.sessionTypeId.toHexString(),
      'id',
    );
    checkStart(coach, type, startsAt, this.now(), { isCoach: staff });
    return this.events.withTransaction(async (transaction) => {
      const _id = new Types.ObjectId();
      const cancelled = await this.release(
        transaction,
        old,
        {
          by: actor.userId,
          reason: 'rescheduled',
        },
        { rescheduledTo: _id },
      );
      const session = await this.store(
        {
          _id,
          coacheeId: old.coacheeId,
          icsUid: old.icsUid,
          icsSequence: cancelled.icsSequence,
          packageId: old.packageId,
          rescheduledFrom: old._id,
        },
        coach,
        type,
        startsAt,
        transaction,
      );
      await this.events.publish(transaction, {
        type: 'session.rescheduled',
        subject: session.id as string,
        actorId: actor.userId,
        payload: {
          ...sessionPayload(session),
          previousSessionId: old.id as string,
          previousStartsAt: old.startsAt.toISOString(),
          previousEndsAt: old.endsAt.toISOString(),
        },
      });
      return session;
    });
  }

  /** The coach marks a session held (or the coachee absent) once it has started. */
  async complete(actor: Actor, id: string, noShow: boolean): Promise<CoachingSessionDocument> {
    const found = await this.partyOf(actor, id);
    if (found.coachId !== actor.userId) {
      throw new ForbiddenError('Only the session’s coach marks it held', 'NOT_THE_COACH');
    }
    if (found.startsAt > this.now()) {
      throw new ForbiddenError('A session is marked held after it starts', 'NOT_STARTED');
    }
    return this.events.withTransaction(async (transaction) => {
      const session = await CoachingSessionModel.findOneAndUpdate(
        { _id: found._id, status: SessionStatus.BOOKED },
        { $set: { status: noShow ? SessionStatus.NO_SHOW : SessionStatus.COMPLETED } },
        { returnDocument: 'after', session: transaction },
      );
      if (!session) throw notBooked();
      await this.reminders.cancel(session, transaction);
      await announce(
        this.events,
        transaction,
        noShow ? 'session.noShow' : 'session.completed',
        session,
        actor.userId,
      );
      return session;
    });
  }

  /** Cancels every future session of a person whose account was deleted, in the consumer's transaction. */
  async cancelFutureSessionsOf(userId: string, transaction: ClientSession): Promise<number> {
    const sessions = await CoachingSessionModel.find({
      $or: [{ coachId: userId }, { coacheeId: userId }],
      status: SessionStatus.BOOKED,
      startsAt: { $gt: this.now() },
    }).session(transaction);
    for (const session of sessions) {
      await this.cancelIn(
        transaction,
        session,
        { by: null, reason: 'account deleted' },
        { late: false },
      );
    }
    return sessions.length;
  }

  private async cancelIn(
    transaction: ClientSession,
    session: CoachingSessionDocument,
    cancellation: Cancellation,
    { late }: { late: boolean },
  ): Promise<CoachingSessionDocument> {
    const cancelled = await this.release(transaction, session, cancellation, {});
    if (cancelled.packageId && !late) await this.packages.refund(cancelled.packageId, transaction);
    await this.events.publish(transaction, {
      type: 'session.cancelled',
      subject: cancelled.id as string,
      ...(cancellation.by && { actorId: cancellation.by }),
      payload: {
        ...sessionPayload(cancelled),
        cancelledBy: cancellation.by,
        reason: cancellation.reason,
        late,
      },
    });
    return cancelled;
  }

  /**
   * Marks a booked session CANCELLED (guarded on BOOKED: of two racing
   * changes one wins) and frees its time: claims, counts and reminders.
   */
  private async release(
    transaction: ClientSession,
    session: CoachingSessionDocument,
    cancellation: Cancellation,
    extra: { rescheduledTo?: Types.ObjectId },
  ): Promise<CoachingSessionDocument> {
    const cancelled = await CoachingSessionModel.findOneAndUpdate(
      { _id: session._id, status: SessionStatus.BOOKED },
      {
        $set: {
          status: SessionStatus.CANCELLED,
          cancelledBy: cancellation.by,
          cancellationReason: cancellation.reason,
          cancelledAt: this.now(),
          ...extra,
        },
        $inc: { icsSequence: 1 },
      },
      { returnDocument: 'after', session: transaction },
    );
    if (!cancelled) throw notBooked();
    await SlotClaimModel.deleteMany({ sessionId: cancelled._id }, { session: transaction });
    const type = await SessionTypeModel.findById(cancelled.sessionTypeId).session(transaction);
    if (type) {
      for (const { key } of countKeys(type, cancelled.startsAt, cancelled.timeZone)) {
        await BookingCountModel.updateOne(
          { _id: key },
          { $inc: { count: -1 } },
          { session: transaction },
        );
      }
    }
    await this.reminders.cancel(cancelled, transaction);
    return cancelled;
  }

  /**
   * Stores a session of `type` with `coach` at `startsAt` and takes its
   * time: the claims and the counts fail with a duplicate key when another
   * booking holds the time or the day or week is full, and the whole
   * transaction rolls back. Claims come first: of many requests for one
   * time, the losers stop there, before touching the shared day counts.
   */
  private async store(
    fields: {
      _id: Types.ObjectId;
      coacheeId: string;
      icsUid: string;
      icsSequence: number;
      packageId: Types.ObjectId | null;
      rescheduledFrom: Types.ObjectId | null;
      idempotencyKey?: string;
    },
    coach: CoachProfileDocument,
    type: SessionTypeDocument,
    startsAt: Date,
    transaction: ClientSession,
  ): Promise<CoachingSessionDocument> {
    const coachSpan = blockedSpan(type, startsAt);
    const endsAt = new Date(startsAt.getTime() + type.durationMinutes * MINUTES);
    const claims = [
      ...blocksOf(coachSpan).map((block) => `coach:${coach.id}@${block.toISOString()}`),
      ...blocksOf({ start: startsAt, end: endsAt }).map(
        (block) => `coachee:${fields.coacheeId}@${block.toISOString()}`,
      ),
    ].map((_id) => ({ _id, sessionId: fields._id }));
    await unlessTaken(
      SlotClaimModel.insertMany(claims, { session: transaction, ordered: true }),
      slotTaken,
    );
    const [session] = await CoachingSessionModel.create(
      [
        {
          ...fields,
          coachId: coach.id as string,
          sessionTypeId: type._id,
          sessionTypeName: type.name,
          timeZone: coach.timeZone,
          startsAt,
          endsAt,
          blockedFrom: coachSpan.start,
          blockedUntil: coachSpan.end,
          status: SessionStatus.BOOKED,
        },
      ],
      { session: transaction },
    );
    for (const { key, max } of countKeys(type, startsAt, coach.timeZone)) {
      await unlessTaken(
        BookingCountModel.updateOne(
          { _id: key, ...(max !== null && { count: { $lt: max } }) },
          { $inc: { count: 1 } },
          { upsert: true, session: transaction },
        ),
        () =>
          new ConflictError(
            'The coach’s day or week is full for this session type',
            'startsAt',
            'LIMIT_REACHED',
          ),
      );
    }
    await this.reminders.schedule(session!, transaction);
    return session!;
  }

  private async bookableCoach(coachId: string): Promise<CoachProfileDocument> {
    const coach = await this.coaches.findActive(coachId);
    if (!coach) throw new NotFoundError('Coach', coachId);
    return coach;
  }

  private async typeOf(session: CoachingSessionDocument): Promise<SessionTypeDocument> {
    const type = await SessionTypeModel.findById(session.sessionTypeId);
    if (!type) throw new NotFoundError('Session type', session.sessionTypeId.toHexString());
    return type;
  }

  private insideCancellationNotice(session: CoachingSessionDocument, type: SessionType): boolean {
    const closes = session.startsAt.getTime() - type.cancellationNoticeMinutes * MINUTES;
    return this.now().getTime() > closes;
  }

  /** A session the caller takes part in (or any, for ADMIN); FORBIDDEN for anybody else. */
  private async partyOf(actor: Actor, id: string): Promise<CoachingSessionDocument> {
    const session = Types.ObjectId.isValid(id) ? await CoachingSessionModel.findById(id) : null;
    if (!session) throw new NotFoundError('Coaching session', id);
    if (session.coachId !== actor.userId && session.coacheeId !== actor.userId && !isAdmin(actor)) {
      throw new ForbiddenError('Not your session');
    }
    return session;
  }

  private byIdempotencyKey(coacheeId: string, idempotencyKey: string) {
    return CoachingSessionModel.findOne({ coacheeId, idempotencyKey }).exec();
  }
}

function notBooked(): ConflictError {
  return new ConflictError('The session is no longer booked', 'id', 'NOT_BOOKED');
}

/** `write`, with a duplicate key (the time or the count is taken) turned into `refusal()`. */
async function unlessTaken<T>(write: Promise<T>, refusal: () => Error): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if (isDuplicateKeyError(error)) throw refusal();
    throw error;
  }
}
