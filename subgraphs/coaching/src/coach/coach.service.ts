import {
  BadUserInputError,
  type Connection,
  ForbiddenError,
  NotFoundError,
  Role,
  paginate,
} from '@weace/service-kit';
import { Types } from 'mongoose';
import type { Actor } from '../caller';
import type { AvailabilityInput } from '../availability/availability.inputs';
import { checkAvailability } from '../availability/availability.rules';
import { isKnownTimeZone } from '../availability/availability';
import type { CoachFilter, CoachProfileInput } from './coach.inputs';
import { type CoachProfileDocument, CoachProfileModel } from './coach-profile.model';
import type { CoachesArgs } from './coach.inputs';

/** A person's id as coaching stores it, or null when it cannot be a `User.id`. */
export function personId(userId: string): Types.ObjectId | null {
  return Types.ObjectId.isValid(userId) && /^[0-9a-f]{24}$/i.test(userId)
    ? new Types.ObjectId(userId)
    : null;
}

function requireCoach(actor: Actor): void {
  if (!actor.roles.includes(Role.Coach)) {
    throw new ForbiddenError('Only coaches have a coach profile', 'NOT_A_COACH');
  }
}

/** Coach profiles and availability: each coach edits their own. */
export class CoachService {
  /** Creates or changes the caller's profile; the caller must have the COACH role. */
  async upsertMine(actor: Actor, input: CoachProfileInput): Promise<CoachProfileDocument> {
    requireCoach(actor);
    if (input.timeZone && !isKnownTimeZone(input.timeZone)) {
      throw new BadUserInputError(`${input.timeZone} is not an IANA time zone`, 'timeZone');
    }
    const { timeZone, ...fields } = input;
    return CoachProfileModel.findOneAndUpdate(
      { _id: personId(actor.userId) },
      {
        $set: { ...fields, ...(timeZone && { timeZone }) },
        $setOnInsert: { ...(!timeZone && { timeZone: 'UTC' }), weekly: [], overrides: [] },
      },
      { upsert: true, returnDocument: 'after', runValidators: true },
    ).orFail();
  }

  /** Replaces the caller's availability and time zone; they need a coach profile. */
  async setMyAvailability(actor: Actor, input: AvailabilityInput): Promise<CoachProfileDocument> {
    requireCoach(actor);
    checkAvailability(input);
    const profile = await CoachProfileModel.findOneAndUpdate(
      { _id: personId(actor.userId) },
      { $set: { timeZone: input.timeZone, weekly: input.weekly, overrides: input.overrides } },
      { returnDocument: 'after' },
    );
    if (!profile) throw new NotFoundError('Your coach profile');
    return profile;
  }

  /** An active coach by `User.id`; null for anybody else. */
  findActive(coachId: string): Promise<CoachProfileDocument | null> {
    const _id = personId(coachId);
    return _id ? CoachProfileModel.findOne({ _id, active: true }).exec() : Promise.resolve(null);
  }

  /** Active coaches in `User.id` order, filtered by expertise or language. */
  list({ filter, ...page }: CoachesArgs): Promise<Connection<CoachProfileDocument>> {
    return paginate(CoachProfileModel, { active: true, ...matching(filter) }, page) as Promise<
      Connection<CoachProfileDocument>
    >;
  }
}

function matching(filter: CoachFilter | null | undefined): Record<string, unknown> {
  return {
    ...(filter?.expertise && { expertise: filter.expertise }),
    ...(filter?.language && { languages: filter.language }),
  };
}
