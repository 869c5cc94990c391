import type { ClientSession, Types } from 'mongoose';
import type { Assessment } from '../assessment/assessment.model';
import { finalGrade } from '../assessment/grading';
import { AttemptModel, AttemptStatus } from './attempt.model';

/**
 * A person's grade in each assessment for one certification cycle: only
 * submitted attempts count, in the order they were submitted.
 */
export async function gradesOf(
  userId: string,
  cycle: number,
  assessments: readonly (Pick<Assessment, 'gradingMethod'> & { _id: Types.ObjectId })[],
  session?: ClientSession,
): Promise<Map<string, number | null>> {
  const attempts = await AttemptModel.find(
    {
      userId,
      cycle,
      status: AttemptStatus.SUBMITTED,
      assessmentId: { $in: assessments.map((assessment) => assessment._id) },
    },
    { assessmentId: 1, score: 1 },
  )
    .sort({ submittedAt: 1, number: 1 })
    .session(session ?? null)
    .lean()
    .exec();
  return new Map(
    assessments.map((assessment) => [
      String(assessment._id),
      finalGrade(
        assessment.gradingMethod,
        attempts
          .filter((attempt) => attempt.assessmentId.equals(assessment._id))
          .map((attempt) => attempt.score!),
      ),
    ]),
  );
}
