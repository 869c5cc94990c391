import type { EventBus } from '@weace/events';
import type { ClientSession, Types } from 'mongoose';
import { AssessmentModel } from '../assessment/assessment.model';
import { roundScore } from '../assessment/grading';
import { gradesOf } from '../attempt/attempt-grades';
import type { CertificateService } from '../certificate/certificate.service';
import type { Lesson } from '../content/content.model';
import { type CourseDocument, CourseModel } from '../course/course.model';
import { type EnrollmentDocument, EnrollmentModel, EnrollmentStatus } from './enrollment.model';
import { isComplete } from './progress';

/**
 * Lesson completion and what follows from it: the course's completion and
 * its certificate. Everything runs in the caller's transaction and is guarded
 * on the enrollment being ACTIVE, so a completed enrollment is frozen and
 * racing completions produce one `course.completed` and one certificate.
 */
export class CompletionService {
  constructor(
    private readonly events: EventBus,
    private readonly certificates: CertificateService,
  ) {}

  /** Marks the lesson complete for the enrollment; null when it was already, or the enrollment is not ACTIVE. */
  async completeLessonIn(
    session: ClientSession,
    enrollmentId: Types.ObjectId,
    lesson: Pick<Lesson, '_id' | 'title'>,
    at: Date,
    verificationCode?: string,
  ): Promise<EnrollmentDocument | null> {
    const enrollment = await EnrollmentModel.findOneAndUpdate(
      {
        _id: enrollmentId,
        status: EnrollmentStatus.ACTIVE,
        completedLessonIds: { $ne: lesson._id },
      },
      { $push: { completedLessonIds: lesson._id } },
      { returnDocument: 'after', session },
    ).exec();
    if (!enrollment) return null;
    const course = (await CourseModel.findById(enrollment.courseId).session(session).exec())!;
    await this.events.publish(session, {
      type: 'lesson.completed',
      subject: enrollment.id as string,
      payload: {
        ...enrollmentPayload(enrollment, course),
        lessonId: String(lesson._id),
        lessonTitle: lesson.title,
        completedAt: at.toISOString(),
      },
      actorId: enrollment.userId,
    });
    if (!isComplete(course.requiredLessonIds, enrollment.completedLessonIds)) return enrollment;
    return (
      (await this.completeCourseIn(session, enrollment, course, at, verificationCode)) ?? enrollment
    );
  }

  /** ACTIVE → COMPLETED with its grade, `course.completed` and the cycle's certificate. */
  private async completeCourseIn(
    session: ClientSession,
    enrollment: EnrollmentDocument,
    course: CourseDocument,
    at: Date,
    verificationCode: string | undefined,
  ): Promise<EnrollmentDocument | null> {
    const grade = await this.courseGrade(session, enrollment, course);
    const completed = await EnrollmentModel.findOneAndUpdate(
      { _id: enrollment._id, status: EnrollmentStatus.ACTIVE },
      { $set: { status: EnrollmentStatus.COMPLETED, completedAt: at, grade } },
      { returnDocument: 'after', session },
    ).exec();
    if (!completed) return null;
    await this.events.publish(session, {
      type: 'course.completed',
      subject: completed.id as string,
      payload: {
        ...enrollmentPayload(completed, course),
        completedAt: at.toISOString(),
        grade,
        cycle: completed.cycle,
      },
      actorId: completed.userId,
    });
    await this.certificates.issueIn(session, completed, course, grade, at, verificationCode);
    return completed;
  }

  /** The mean of the required assessments' grades; null for a course without any. */
  private async courseGrade(
    session: ClientSession,
    enrollment: EnrollmentDocument,
    course: CourseDocument,
  ): Promise<number | null> {
    const assessments = await AssessmentModel.find(
      { lessonId: { $in: course.requiredLessonIds } },
      { gradingMethod: 1 },
    )
      .session(session)
      .exec();
    if (assessments.length === 0) return null;
    const grades = await gradesOf(enrollment.userId, enrollment.cycle, assessments, session);
    const values = [...grades.values()].map((grade) => grade ?? 0);
    return roundScore(values.reduce((sum, grade) => sum + grade, 0) / values.length);
  }
}

/** The enrollment fields every enrollment event carries. */
export function enrollmentPayload(
  enrollment: EnrollmentDocument,
  course: Pick<CourseDocument, 'id' | 'title'>,
) {
  return {
    enrollmentId: enrollment.id as string,
    courseId: course.id as string,
    courseTitle: course.title,
    userId: enrollment.userId,
  };
}
