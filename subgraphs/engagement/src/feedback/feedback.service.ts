import type { EventBus } from '@weace/events';
import {
  type Caller,
  type Connection,
  ForbiddenError,
  NotFoundError,
  type PageArgs,
  Role,
  isDuplicateKeyError,
  paginate,
} from '@weace/service-kit';
import { loadSettings } from '../settings/settings.service';
import type { FeedbackResponsesArgs, SubmitFeedbackInput } from './feedback.inputs';
import { type Feedback, FeedbackModel } from './feedback.model';
import {
  FeedbackSubjectModel,
  FeedbackSubjectType,
  ParticipationModel,
  subjectKeyOf,
} from './participation.model';
import { type NpsSummary, npsOf } from './nps';

function isAdmin(caller: Caller): boolean {
  return caller.kind === 'user' && caller.identity.roles.includes(Role.Admin);
}

export class FeedbackService {
  constructor(private readonly events: EventBus) {}

  /**
   * Gives or updates the caller's feedback on a subject they took part in,
   * with `feedback.submitted` (which earns the feedback rule's points once).
   */
  async submit(person: string, input: SubmitFeedbackInput): Promise<Feedback> {
    const attempt = () =>
      this.events.withTransaction(async (session) => {
        const key = subjectKeyOf(input.subjectType, input.subjectId);
        // One operation at a time: a transaction's operations share its session.
        const subject = await FeedbackSubjectModel.exists({ _id: key }).session(session).exec();
        const tookPart = await ParticipationModel.exists({ _id: `${key}:${person}` })
          .session(session)
          .exec();
        if (!subject) throw new NotFoundError('Feedback subject', input.subjectId);
        if (!tookPart) {
          throw new ForbiddenError(
            'Only people who took part may give feedback on it',
            'NOT_A_PARTICIPANT',
          );
        }
        const feedback = await FeedbackModel.findOneAndUpdate(
          { subjectType: input.subjectType, subjectId: input.subjectId, person },
          { $set: { score: input.score, comment: input.comment ?? null } },
          { upsert: true, returnDocument: 'after', session },
        )
          .lean()
          .exec();
        await this.events.publish(session, {
          type: 'feedback.submitted',
          subject: feedback!._id.toHexString(),
          actorId: person,
          payload: {
            feedbackId: feedback!._id.toHexString(),
            userId: person,
            subjectType: input.subjectType,
            subjectId: input.subjectId,
            score: input.score,
          },
        });
        return feedback!;
      });
    try {
      return await attempt();
    } catch (error) {
      // The same person's first feedback submitted twice at once: the other one inserted it.
      if (!isDuplicateKeyError(error)) throw error;
      return attempt();
    }
  }

  /**
   * NPS of a subject with its `n`. A coach's NPS is for that coach (and
   * admins); for anyone but an admin, fewer responses than the privacy
   * threshold are withheld (null).
   */
  async summary(
    caller: Caller,
    callerId: string,
    subjectType: FeedbackSubjectType,
    subjectId: string,
  ): Promise<NpsSummary | null> {
    const admin = isAdmin(caller);
    if (subjectType === FeedbackSubjectType.COACH && !admin && callerId !== subjectId) {
      throw new ForbiddenError('Only the coach sees their own NPS', 'NOT_YOUR_NPS');
    }
    const known = await FeedbackSubjectModel.exists({ _id: subjectKeyOf(subjectType, subjectId) });
    if (!known) throw new NotFoundError('Feedback subject', subjectId);
    const [summary, settings] = await Promise.all([
      npsOf({ subjectType, subjectId }),
      loadSettings(),
    ]);
    return admin || summary.n >= settings.privacyThreshold ? summary : null;
  }

  /** ADMIN: the scores and comments of a subject, with no name attached. */
  responses(args: FeedbackResponsesArgs): Promise<Connection<Feedback>> {
    const page: PageArgs = { first: args.first, after: args.after };
    return paginate(
      FeedbackModel,
      { subjectType: args.subjectType, subjectId: args.subjectId },
      page,
    );
  }
}
