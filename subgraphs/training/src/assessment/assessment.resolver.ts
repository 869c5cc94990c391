import type { ServiceContext } from '@weace/service-kit';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  Float,
  ID,
  Mutation,
  Resolver,
  Root,
} from 'type-graphql';
import { actorOf } from '../caller';
import { gradesOf } from '../attempt/attempt-grades';
import { Attempt, AttemptModel } from '../attempt/attempt.model';
import { currentEnrollment } from '../enrollment/enrollment.loaders';
import { isAuthorOf } from '../course/course.access';
import { courseById } from '../course/course.loaders';
import { AssessmentInput } from './assessment.inputs';
import { Assessment, type AssessmentDocument, Question } from './assessment.model';
import type { AssessmentService } from './assessment.service';

@Resolver(() => Assessment)
export class AssessmentResolver {
  constructor(private readonly assessments: AssessmentService) {}

  @Authorized()
  @Mutation(() => Assessment, {
    description: 'For an ASSESSMENT lesson; its instructors and admins',
  })
  createAssessment(
    @Arg('lessonId', () => ID) lessonId: string,
    @Arg('input') input: AssessmentInput,
    @Ctx() context: ServiceContext,
  ): Promise<Assessment> {
    return this.assessments.create(actorOf(context.caller), lessonId, input);
  }

  @Authorized()
  @Mutation(() => Assessment, {
    description: 'Replaces it; CONFLICT ASSESSMENT_ATTEMPTED once anyone attempted it',
  })
  updateAssessment(
    @Arg('id', () => ID) id: string,
    @Arg('input') input: AssessmentInput,
    @Ctx() context: ServiceContext,
  ): Promise<Assessment> {
    return this.assessments.update(actorOf(context.caller), id, input);
  }

  @FieldResolver(() => [Question], { description: 'Answer keys only for authors and admins' })
  async questions(@Root() assessment: AssessmentDocument, @Ctx() context: ServiceContext) {
    const { questions } = assessment.toObject<Assessment>();
    const course = await context.loaders.get(courseById).load(String(assessment.courseId));
    if (course && isAuthorOf(actorOf(context.caller), course)) return questions;
    return questions.map((question) => ({ ...question, key: null }));
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description: 'Your grade by its grading method, this cycle; null before a submitted attempt',
  })
  async myGrade(@Root() assessment: AssessmentDocument, @Ctx() context: ServiceContext) {
    const { userId } = actorOf(context.caller);
    if (!userId) return null;
    const enrollment = await context.loaders
      .get(currentEnrollment)
      .load({ userId, courseId: String(assessment.courseId) });
    if (!enrollment) return null;
    const grades = await gradesOf(userId, enrollment.cycle, [assessment]);
    return grades.get(String(assessment._id)) ?? null;
  }

  @FieldResolver(() => [Attempt], { description: 'Your attempts, oldest first' })
  async myAttempts(@Root() assessment: AssessmentDocument, @Ctx() context: ServiceContext) {
    const { userId } = actorOf(context.caller);
    if (!userId) return [];
    return AttemptModel.find({ userId, assessmentId: assessment._id })
      .sort({ cycle: 1, number: 1 })
      .exec();
  }
}
