import { BadUserInputError } from '@weace/service-kit';
import { type Availability, type Interval, MINUTES, gridSlots } from '../availability/availability';
import type { SessionType } from '../session-type/session-type.model';
import { BLOCK_MINUTES } from './slot-claim.model';

const DAY = 24 * 60 * MINUTES;

/** The longest span `availableSlots` answers for: it is a plain list, not a connection. */
export const MAX_SLOT_RANGE_DAYS = 62;

/** What a session of `type` starting at `start` keeps of the coach's time, buffers included. */
export function blockedSpan(type: SessionType, start: Date): Interval {
  return {
    start: new Date(start.getTime() - type.bufferBeforeMinutes * MINUTES),
    end: new Date(start.getTime() + (type.durationMinutes + type.bufferAfterMinutes) * MINUTES),
  };
}

/** The starts of the claim blocks covering `span` (its ends are on the block grid). */
export function blocksOf(span: Interval): Date[] {
  const step = BLOCK_MINUTES * MINUTES;
  const blocks: Date[] = [];
  for (let at = span.start.getTime(); at < span.end.getTime(); at += step)
    blocks.push(new Date(at));
  return blocks;
}

/** Who books: a coachee needs the minimum notice, the coach booking for someone does not. */
export interface Booker {
  readonly isCoach: boolean;
}

/** The earliest and latest starts bookable now: notice (coachees only) and the booking window. */
export function bookableRange(type: SessionType, now: Date, booker: Booker): Interval {
  const notice = booker.isCoach ? 0 : type.minimumNoticeMinutes * MINUTES;
  return {
    start: new Date(now.getTime() + notice),
    end: new Date(now.getTime() + type.bookingWindowDays * DAY),
  };
}

/**
 * Refuses a start that is not one of the coach's slots of `type`: off the
 * grid or outside the hours, too soon, or beyond the booking window. Whether
 * the time is still free is the claims' business, when the booking is stored.
 */
export function checkStart(
  availability: Availability,
  type: SessionType,
  startsAt: Date,
  now: Date,
  booker: Booker,
): Interval {
  const { start: earliest, end: latest } = bookableRange(type, now, booker);
  if (startsAt < earliest) {
    throw new BadUserInputError('That start is too soon to book', 'startsAt', {
      reason: 'MINIMUM_NOTICE',
    });
  }
  if (startsAt > latest) {
    throw new BadUserInputError('That start is beyond the booking window', 'startsAt', {
      reason: 'BEYOND_BOOKING_WINDOW',
    });
  }
  const [slot] = gridSlots(
    availability,
    { durationMinutes: type.durationMinutes, slotIntervalMinutes: type.slotIntervalMinutes },
    startsAt,
    new Date(startsAt.getTime() + 1),
  );
  if (!slot) {
    throw new BadUserInputError('That start is not one of the coach’s slots', 'startsAt', {
      reason: 'NOT_A_SLOT',
    });
  }
  return slot;
}
