import type { TitleOf } from '../ledger/activities';
import { ParticipantModel } from '../people/participant.model';
import { FeedbackSubjectModel, FeedbackSubjectType, subjectKeyOf } from './participation.model';

/** A feedback subject's title for points reasons: a coach's name, else what its events called it. */
export const feedbackSubjectTitle: TitleOf = async (subjectType, subjectId) => {
  if (subjectType === FeedbackSubjectType.COACH) {
    const coach = await ParticipantModel.findById(subjectId, { name: 1 }).lean().exec();
    return coach?.name || null;
  }
  const subject = await FeedbackSubjectModel.findById(
    subjectKeyOf(subjectType as FeedbackSubjectType, subjectId),
    { title: 1 },
  )
    .lean()
    .exec();
  return subject?.title ?? null;
};
