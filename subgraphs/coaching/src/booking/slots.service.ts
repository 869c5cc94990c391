import { BadUserInputError, NotFoundError } from '@weace/service-kit';
import { type Interval, gridSlots } from '../availability/availability';
import type { Actor } from '../caller';
import type { Clock } from '../clock';
import type { CoachService } from '../coach/coach.service';
import type { SessionTypeService } from '../session-type/session-type.service';
import { MAX_SLOT_RANGE_DAYS, blockedSpan, bookableRange } from './booking.rules';
import { countKeys } from './booking.counts';
import { CoachingSessionModel, SessionStatus } from './session.model';
import { BookingCountModel } from './slot-claim.model';

const DAY_MS = 86_400_000;

/**
 * The starts a coach can be booked at: the type's grid within availability,
 * without what overlaps a booked session (buffers of both included), what is
 * too soon or beyond the booking window, and days or weeks at their limit.
 * A read for showing; booking checks the time again where it is stored.
 */
export class SlotsService {
  constructor(
    private readonly coaches: CoachService,
    private readonly sessionTypes: SessionTypeService,
    private readonly now: Clock,
  ) {}

  async availableSlots(
    actor: Actor,
    coachId: string,
    sessionTypeId: string,
    from: Date,
    to: Date,
  ): Promise<Interval[]> {
    if (to <= from) throw new BadUserInputError('to must be after from', 'to');
    if (to.getTime() - from.getTime() > MAX_SLOT_RANGE_DAYS * DAY_MS) {
      throw new BadUserInputError(`Ask for at most ${MAX_SLOT_RANGE_DAYS} days`, 'to');
    }
    const coach = await this.coaches.findActive(coachId);
    if (!coach) throw new NotFoundError('Coach', coachId);
    const type = await this.sessionTypes.findBookable(coachId, sessionTypeId, 'sessionTypeId');
    const bookable = bookableRange(type, this.now(), { isCoach: actor.userId === coachId });
    const start = new Date(Math.max(from.getTime(), bookable.start.getTime()));
    const end = new Date(Math.min(to.getTime(), bookable.end.getTime() + 1));
    if (end <= start) return [];
    const candidates = gridSlots(coach, type, start, end);
    if (!candidates.length) return [];

    const reach = { start: blockedSpan(type, start).start, end: blockedSpan(type, end).end };
    const booked = await CoachingSessionModel.find(
      {
        coachId,
        status: SessionStatus.BOOKED,
        blockedFrom: { $lt: reach.end },
        blockedUntil: { $gt: reach.start },
      },
      { blockedFrom: 1, blockedUntil: 1 },
    ).lean();
    const limits = new Map(
      candidates
        .flatMap((slot) => countKeys(type, slot.start, coach.timeZone))
        .map(({ key, max }) => [key, max]),
    );
    const counts = await BookingCountModel.find({ _id: { $in: [...limits.keys()] } }).lean();
    const full = new Set(
      counts
        .filter((count) => {
          const max = limits.get(count._id);
          return max !== null && max !== undefined && count.count >= max;
        })
        .map((count) => count._id),
    );
    return candidates.filter((slot) => {
      const span = blockedSpan(type, slot.start);
      const clashes = booked.some(
        (session) => session.blockedFrom < span.end && session.blockedUntil > span.start,
      );
      return !clashes && !countKeys(type, slot.start, coach.timeZone).some((k) => full.has(k.key));
    });
  }
}
