import { BadUserInputError, ForbiddenError, NotFoundError } from '@weace/service-kit';
import { Types } from 'mongoose';
import type { Actor } from '../caller';
import { BLOCK_MINUTES } from '../booking/slot-claim.model';
import { CoachProfileModel } from '../coach/coach-profile.model';
import { personId } from '../coach/coach.service';
import type { SessionTypeInput } from './session-type.inputs';
import { type SessionTypeDocument, SessionTypeModel } from './session-type.model';

const BLOCK_FIELDS = [
  'durationMinutes',
  'slotIntervalMinutes',
  'bufferBeforeMinutes',
  'bufferAfterMinutes',
] as const;

function checkBlocks(input: SessionTypeInput): void {
  for (const field of BLOCK_FIELDS) {
    if (input[field] % BLOCK_MINUTES !== 0) {
      throw new BadUserInputError(`${field} must be a multiple of ${BLOCK_MINUTES}`, field);
    }
  }
}

/** A coach's session types; only the coach who owns one changes it. */
export class SessionTypeService {
  async create(actor: Actor, input: SessionTypeInput): Promise<SessionTypeDocument> {
    checkBlocks(input);
    if (!(await CoachProfileModel.exists({ _id: personId(actor.userId) }))) {
      throw new ForbiddenError('Create your coach profile first', 'NOT_A_COACH');
    }
    return SessionTypeModel.create({ ...input, coachId: actor.userId });
  }

  async update(actor: Actor, id: string, input: SessionTypeInput): Promise<SessionTypeDocument> {
    checkBlocks(input);
    const type = Types.ObjectId.isValid(id)
      ? await SessionTypeModel.findOneAndUpdate(
          { _id: id, coachId: actor.userId },
          { $set: input },
          { returnDocument: 'after' },
        )
      : null;
    if (!type) throw new NotFoundError('Your session type', id);
    return type;
  }

  /** An active type of `coachId`; NOT_FOUND naming `field` otherwise. */
  async findBookable(coachId: string, id: string, field: string): Promise<SessionTypeDocument> {
    const type = Types.ObjectId.isValid(id)
      ? await SessionTypeModel.findOne({ _id: id, coachId, active: true })
      : null;
    if (!type) throw new NotFoundError(`Session type (${field})`, id);
    return type;
  }
}
