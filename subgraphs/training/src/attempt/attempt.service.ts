import { parseObjectId } from '@weace/service-kit';
import type { EventBus, Scheduler } from '@weace/events';
import {
  BadUserInputError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  isDuplicateKeyError,
} from '@weace/service-kit';
import type { ClientSession } from 'mongoose';
import { type Clock, NotDueYetError } from '../clock';
import { type AssessmentDocument, AssessmentModel } from '../assessment/assessment.model';
import { type Answer, scoreAnswers } from '../assessment/grading';
import { CourseModuleModel, LessonModel, releaseOf } from '../content/content.model';
import { CourseModel } from '../course/course.model';
import { type CompletionService, enrollmentPayload } from '../enrollment/completion.service';
import { EnrollmentModel, EnrollmentStatus } from '../enrollment/enrollment.model';
import { gradesOf } from './attempt-grades';
import { type AttemptDocument, AttemptModel, AttemptStatus } from './attempt.model';

export const DEADLINE_JOB = 'attempt.deadline';

const MINUTE_MS = 60_000;

const deadlineKey = (attemptId: string) => `attempt:${attemptId}:deadline`;

function refuse(message: string, field: string, reason: string): never {
  throw new BadUserInputError(message, field, { reason });
}

/** The deadline of an attempt started at `startedAt`: min(start + time limit, close); null without either. */
export function deadlineOf(assessment: AssessmentDocument, startedAt: Date): Date | null {
  const limits = [
    assessment.timeLimitMinutes
      ? startedAt.getTime() + assessment.timeLimitMinutes * MINUTE_MS
      : Infinity,
    assessment.closesAt?.getTime() ?? Infinity,
  ];
  const deadline = Math.min(...limits);
  return Number.isFinite(deadline) ? new Date(deadline) : null;
}

/**
 * Attempts: started within the assessment's window and attempt budget,
 * answers saved until the deadline, graded once (by the learner, or at the
 * deadline with what was saved: lazily on access and by the scheduler).
 */
export class AttemptService {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: Scheduler,
    private readonly completion: CompletionService,
    private readonly now: Clock,
  ) {
    jobs.define(DEADLINE_JOB, (job, { session }) =>
      this.submitAtDeadline((job.data as { attemptId: string }).attemptId, session),
    );
  }

  /** The open attempt if there is one, else a new one; BAD_USER_INPUT naming why not. */
  async start(userId: string, assessmentId: string): Promise<AttemptDocument> {
    const assessment = await AssessmentModel.findById(
      parseObjectId(assessmentId, 'assessmentId'),
    ).exec();
    if (!assessment) throw new NotFoundError('Assessment', assessmentId);
    const enrollment = await EnrollmentModel.findOne({
      userId,
      courseId: assessment.courseId,
      current: true,
    }).exec();
    if (!enrollment) refuse('You are not enrolled in this course', 'assessmentId', 'NOT_ENROLLED');
    const lesson = (await LessonModel.findById(assessment.lessonId).exec())!;
    const module = (await CourseModuleModel.findById(lesson.moduleId).exec())!;
    const now = this.now();
    const release = releaseOf(lesson, module);
    if (release && release > now)
      refuse('The lesson is not released yet', 'assessmentId', 'NOT_RELEASED');
    if (assessment.opensAt && now < assessment.opensAt) {
      refuse('The assessment has not opened yet', 'assessmentId', 'ASSESSMENT_NOT_OPEN');
    }
    if (assessment.closesAt && now >= assessment.closesAt) {
      refuse('The assessment has closed', 'assessmentId', 'ASSESSMENT_CLOSED');
    }
    const scope = { userId, assessmentId: assessment._id, cycle: enrollment.cycle };
    const open = await AttemptModel.findOne({ ...scope, status: AttemptStatus.IN_PROGRESS }).exec();
    if (open && !(await this.settle(open))) return open;
    try {
      return await this.events.withTransaction(async (session) => {
        // A concurrent start committed first (this transaction is a retry): its attempt is the one.
        const raced = await AttemptModel.findOne({ ...scope, status: AttemptStatus.IN_PROGRESS })
          .session(session)
          .exec();
        if (raced) return raced;
        const made = await AttemptModel.countDocuments(scope).session(session).exec();
        if (assessment.maxAttempts > 0 && made >= assessment.maxAttempts) {
          refuse(
            `All ${assessment.maxAttempts} attempts are used`,
            'assessmentId',
            'NO_ATTEMPTS_LEFT',
          );
        }
        const deadline = deadlineOf(assessment, now);
        const [attempt] = await AttemptModel.create(
          [
            {
              ...scope,
              lessonId: assessment.lessonId,
              courseId: assessment.courseId,
              enrollmentId: enrollment._id,
              number: made + 1,
              startedAt: now,
              deadline,
            },
          ],
          { session },
        );
        // From now on the questions are frozen (updates are guarded on it).
        await AssessmentModel.updateOne(
          { _id: assessment._id },
          { $set: { attempted: true } },
          { session },
        ).exec();
        if (deadline) {
          await this.jobs.schedule(
            DEADLINE_JOB,
            deadline,
            { attemptId: attempt!.id as string },
            {
              uniqueKey: deadlineKey(attempt!.id as string),
              session,
            },
          );
        }
        return attempt!;
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // A concurrent start won: its attempt is the open one.
      const raced = await AttemptModel.findOne({
        ...scope,
        status: AttemptStatus.IN_PROGRESS,
      }).exec();
      if (raced) return raced;
      throw new ConflictError('Another attempt started meanwhile; try again', 'assessmentId');
    }
  }

  /** Keeps answers of an open attempt before its deadline; they are graded at the deadline if not submitted. */
  async save(
    userId: string,
    attemptId: string,
    answers: readonly Answer[],
  ): Promise<AttemptDocument> {
    const attempt = await this.open(userId, attemptId);
    const assessment = (await AssessmentModel.findById(attempt.assessmentId).exec())!;
    const saved = await AttemptModel.findOneAndUpdate(
      { _id: attempt._id, status: AttemptStatus.IN_PROGRESS, ...this.beforeDeadline() },
      { $set: { answers: this.checked(assessment, answers) } },
      { returnDocument: 'after' },
    ).exec();
    if (!saved) return this.refuseLate(attempt);
    return saved;
  }

  /**
   * Grades the attempt with these answers (or those saved). Submitting a
   * submitted attempt returns it as graded. After the deadline the answers
   * are refused (FORBIDDEN `DEADLINE_PASSED`) and the attempt is graded with
   * what it had.
   */
  async submit(
    userId: string,
    attemptId: string,
    answers: readonly Answer[] | null,
  ): Promise<AttemptDocument> {
    const attempt = await this.own(userId, attemptId);
    if (attempt.status === AttemptStatus.SUBMITTED) return attempt;
    if (attempt.status === AttemptStatus.ABANDONED) {
      refuse(
        'The attempt was abandoned when you left the course',
        'attemptId',
        'ATTEMPT_ABANDONED',
      );
    }
    if (await this.settle(attempt)) {
      if (answers) return this.refuseLate(attempt);
      return (await AttemptModel.findById(attempt._id).exec())!;
    }
    const assessment = (await AssessmentModel.findById(attempt.assessmentId).exec())!;
    const given = answers ? this.checked(assessment, answers) : attempt.answers;
    const now = this.now();
    await this.events.withTransaction((session) =>
      this.gradeIn(session, attempt, given, now, { auto: false }),
    );
    return (await AttemptModel.findById(attempt._id).exec())!;
  }

  /** The person's own attempt, settled if its deadline passed; NOT_FOUND for anyone else's. */
  async own(userId: string, attemptId: string): Promise<AttemptDocument> {
    const attempt = await AttemptModel.findById(parseObjectId(attemptId, 'attemptId')).exec();
    if (!attempt || attempt.userId !== userId) throw new NotFoundError('Attempt', attemptId);
    return attempt;
  }

  /**
   * Grades an open attempt whose deadline passed with the answers it had,
   * submitted at the deadline; whether it was past its deadline.
   */
  async settle(attempt: AttemptDocument): Promise<boolean> {
    if (attempt.status !== AttemptStatus.IN_PROGRESS || !attempt.deadline) return false;
    if (this.now() < attempt.deadline) return false;
    await this.events.withTransaction((session) =>
      this.gradeIn(session, attempt, attempt.answers, attempt.deadline!, { auto: true }),
    );
    return true;
  }

  private async open(userId: string, attemptId: string): Promise<AttemptDocument> {
    const attempt = await this.own(userId, attemptId);
    if (attempt.status !== AttemptStatus.IN_PROGRESS) {
      refuse('The attempt is not in progress', 'attemptId', 'ATTEMPT_NOT_IN_PROGRESS');
    }
    if (await this.settle(attempt)) return this.refuseLate(attempt);
    return attempt;
  }

  private refuseLate(attempt: AttemptDocument): never {
    throw new ForbiddenError(
      `The attempt's deadline passed at ${attempt.deadline?.toISOString()}; it was graded with the answers saved before it`,
      'DEADLINE_PASSED',
    );
  }

  private beforeDeadline() {
    return { $or: [{ deadline: null }, { deadline: { $gt: this.now() } }] };
  }

  /** Answers to this assessment's questions only, one each; BAD_USER_INPUT naming `answers` otherwise. */
  private checked(assessment: AssessmentDocument, answers: readonly Answer[]) {
    const questionIds = new Set(assessment.questions.map((question) => question.id));
    const seen = new Set<string>();
    return answers.map((answer, index) => {
      if (!questionIds.has(answer.questionId) || seen.has(answer.questionId)) {
        throw new BadUserInputError(
          'Each answer must be to a different question of this assessment',
          `answers[${index}].questionId`,
        );
      }
      seen.add(answer.questionId);
      return {
        questionId: answer.questionId,
        choiceIds: [...(answer.choiceIds ?? [])],
        text: answer.text ?? null,
        number: answer.number ?? null,
      };
    });
  }

  /**
   * IN_PROGRESS → SUBMITTED with its score, once (guarded), with
   * `assessment.submitted`; a passing grade completes the lesson.
   */
  private async gradeIn(
    session: ClientSession,
    attempt: AttemptDocument,
    answers: readonly Answer[],
    at: Date,
    { auto, byScheduler = false }: { auto: boolean; byScheduler?: boolean },
  ): Promise<void> {
    const assessment = (await AssessmentModel.findById(attempt.assessmentId)
      .session(session)
      .exec())!;
    const score = scoreAnswers(assessment.questions, answers);
    const passed = score >= assessment.passMark;
    const graded = await AttemptModel.findOneAndUpdate(
      { _id: attempt._id, status: AttemptStatus.IN_PROGRESS },
      {
        $set: {
          status: AttemptStatus.SUBMITTED,
          answers,
          score,
          passed,
          submittedAt: at,
          autoSubmitted: auto,
        },
      },
      { returnDocument: 'after', session },
    ).exec();
    if (!graded) return;
    // The scheduler's own job is completed by the scheduler; cancelling it there would undo this.
    if (graded.deadline && !byScheduler) {
      await this.jobs.cancel(deadlineKey(graded.id as string), { session });
    }
    const [enrollment, course, lesson] = await Promise.all([
      EnrollmentModel.findById(graded.enrollmentId).session(session).exec(),
      CourseModel.findById(graded.courseId).session(session).exec(),
      LessonModel.findById(graded.lessonId).session(session).exec(),
    ]);
    await this.events.publish(session, {
      type: 'assessment.submitted',
      subject: graded.id as string,
      payload: {
        ...enrollmentPayload(enrollment!, course!),
        attemptId: graded.id as string,
        assessmentId: String(assessment._id),
        lessonId: String(graded.lessonId),
        attemptNumber: graded.number,
        score,
        passed,
      },
      actorId: graded.userId,
    });
    const grade = (await gradesOf(graded.userId, graded.cycle, [assessment], session)).get(
      String(assessment._id),
    );
    if (grade == null || grade < assessment.passMark) return;
    const current = await EnrollmentModel.findOne({
      userId: graded.userId,
      courseId: graded.courseId,
      current: true,
      status: EnrollmentStatus.ACTIVE,
      cycle: graded.cycle,
    })
      .session(session)
      .exec();
    if (current) await this.completion.completeLessonIn(session, current._id, lesson!, at);
  }

  private async submitAtDeadline(attemptId: string, session: ClientSession): Promise<void> {
    const attempt = await AttemptModel.findById(attemptId).session(session).exec();
    if (attempt?.status !== AttemptStatus.IN_PROGRESS || !attempt.deadline) return;
    if (this.now() < attempt.deadline) throw new NotDueYetError('the attempt', attempt.deadline);
    await this.gradeIn(session, attempt, attempt.answers, attempt.deadline, {
      auto: true,
      byScheduler: true,
    });
  }
}
