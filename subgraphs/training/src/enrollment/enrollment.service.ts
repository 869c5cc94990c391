import { parseObjectId } from '@weace/service-kit';
import type { EventBus, Scheduler } from '@weace/events';
import {
  BadUserInputError,
  type Connection,
  NotFoundError,
  isDuplicateKeyError,
  paginate,
  type PageArgs,
} from '@weace/service-kit';
import type { ClientSession, Types } from 'mongoose';
import { type Clock, NotDueYetError } from '../clock';
import { AttemptModel, AttemptStatus } from '../attempt/attempt.model';
import { CertificateModel } from '../certificate/certificate.model';
import { EXPIRY_NOTICE_DAYS } from '../certificate/certificate.service';
import { LessonKind, LessonModel, releaseOf } from '../content/content.model';
import { CourseModuleModel } from '../content/content.model';
import { type CourseDocument, CourseModel, CourseStatus } from '../course/course.model';
import { type CompletionService, enrollmentPayload } from './completion.service';
import {
  type Enrollment,
  type EnrollmentDocument,
  EnrollmentModel,
  EnrollmentSource,
  EnrollmentStatus,
} from './enrollment.model';

export const OVERDUE_JOB = 'enrollment.overdue';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Refusals of rule 1 name their reason for clients to branch on. */
function refuse(message: string, field: string, reason: string): never {
  throw new BadUserInputError(message, field, { reason });
}

const overdueKey = (enrollmentId: string) => `enrollment:${enrollmentId}:overdue`;

interface NewEnrollment {
  readonly userId: string;
  readonly course: CourseDocument;
  readonly source: EnrollmentSource;
  readonly dueAt: Date | null;
  readonly actorId: string;
}

/** Enrolling, assigning, withdrawing, recertifying, and completing content lessons. */
export class EnrollmentService {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: Scheduler,
    private readonly completion: CompletionService,
    private readonly now: Clock,
  ) {
    jobs.define(OVERDUE_JOB, (job, { session }) =>
      this.markOverdue((job.data as { enrollmentId: string }).enrollmentId, session),
    );
  }

  /**
   * Self-enrollment: a PUBLISHED course, inside its window, every prerequisite
   * passed. Idempotent: the person's current enrollment when there is one.
   */
  async enroll(userId: string, courseId: string): Promise<EnrollmentDocument> {
    const id = parseObjectId(courseId, 'courseId');
    const existing = await this.currentOf(userId, id);
    if (existing) return existing;
    const course = await CourseModel.findById(id).exec();
    if (!course) throw new NotFoundError('Course', courseId);
    if (course.status !== CourseStatus.PUBLISHED) {
      refuse('The course is not open to enrollment', 'courseId', 'COURSE_NOT_PUBLISHED');
    }
    const now = this.now();
    if (course.enrollmentOpensAt && now < course.enrollmentOpensAt) {
      refuse('Enrollment has not opened yet', 'courseId', 'ENROLLMENT_NOT_OPEN');
    }
    if (course.enrollmentClosesAt && now >= course.enrollmentClosesAt) {
      refuse('Enrollment has closed', 'courseId', 'ENROLLMENT_CLOSED');
    }
    if (course.prerequisiteIds.length) {
      const passed = await EnrollmentModel.distinct('courseId', {
        userId,
        courseId: { $in: course.prerequisiteIds },
        status: EnrollmentStatus.COMPLETED,
      }).exec();
      if (passed.length < course.prerequisiteIds.length) {
        refuse(
          'Every prerequisite course must be passed first',
          'courseId',
          'PREREQUISITES_NOT_MET',
        );
      }
    }
    return this.create({
      userId,
      course,
      source: EnrollmentSource.SELF,
      dueAt: null,
      actorId: userId,
    });
  }

  /** An admin assigns the course, with an optional due date; existing enrollments get the due date. */
  async assign(
    adminId: string,
    courseId: string,
    userIds: readonly string[],
    dueAt: Date | null,
  ): Promise<EnrollmentDocument[]> {
    const course = await CourseModel.findById(parseObjectId(courseId, 'courseId')).exec();
    if (!course) throw new NotFoundError('Course', courseId);
    if (course.status !== CourseStatus.PUBLISHED) {
      refuse('Only a published course can be assigned', 'courseId', 'COURSE_NOT_PUBLISHED');
    }
    if (dueAt && dueAt <= this.now()) {
      throw new BadUserInputError('dueAt must be in the future', 'dueAt');
    }
    const assigned: EnrollmentDocument[] = [];
    for (const userId of userIds) {
      const existing = await this.currentOf(userId, course._id);
      assigned.push(
        existing
          ? await this.setDueDate(existing, dueAt)
          : await this.create({
              userId,
              course,
              source: EnrollmentSource.ASSIGNED,
              dueAt,
              actorId: adminId,
            }),
      );
    }
    return assigned;
  }

  /** Leaves the course: ACTIVE → WITHDRAWN, open attempts abandoned; enrolling again starts afresh. */
  async withdraw(userId: string, courseId: string): Promise<EnrollmentDocument> {
    const id = parseObjectId(courseId, 'courseId');
    const withdrawn = await this.events.withTransaction((session) =>
      this.withdrawIn(session, { userId, courseId: id }, null),
    );
    if (withdrawn[0]) return withdrawn[0];
    const current = await this.currentOf(userId, id);
    if (current?.status === EnrollmentStatus.COMPLETED) {
      refuse('A completed course cannot be left', 'courseId', 'ALREADY_COMPLETED');
    }
    refuse('You are not enrolled in this course', 'courseId', 'NOT_ENROLLED');
  }

  /** `user.deleted`: every active enrollment of the person ends; certificates stay. */
  withdrawAllIn(session: ClientSession, userId: string): Promise<EnrollmentDocument[]> {
    return this.withdrawIn(session, { userId }, 'account deleted');
  }

  /**
   * Opens the next certification cycle of a completed course whose certificate
   * expires: from 30 days before expiry. Fresh progress and attempts; the
   * earlier certificate stays valid until it expires.
   */
  async recertify(userId: string, courseId: string): Promise<EnrollmentDocument> {
    const id = parseObjectId(courseId, 'courseId');
    const current = await this.currentOf(userId, id);
    if (current?.status !== EnrollmentStatus.COMPLETED) {
      refuse('Only a completed course can be recertified', 'courseId', 'NOT_COMPLETED');
    }
    const certificate = await CertificateModel.findOne({ enrollmentId: current._id }).exec();
    if (!certificate?.expiresAt) {
      refuse('This certificate does not expire', 'courseId', 'CERTIFICATE_DOES_NOT_EXPIRE');
    }
    const opensAt = certificate.expiresAt.getTime() - EXPIRY_NOTICE_DAYS[0] * DAY_MS;
    if (this.now().getTime() < opensAt) {
      refuse('Recertification opens 30 days before expiry', 'courseId', 'RECERTIFICATION_NOT_OPEN');
    }
    const course = (await CourseModel.findById(id).exec())!;
    try {
      return await this.events.withTransaction(async (session) => {
        const retired = await EnrollmentModel.updateOne(
          { _id: current._id, current: true },
          { $unset: { current: 1 } },
          { session },
        ).exec();
        // Somebody recertified meanwhile: theirs is the new cycle.
        if (retired.modifiedCount === 0) return (await this.currentOf(userId, id, session))!;
        return this.insert(
          session,
          {
            userId,
            course,
            source: current.source,
            dueAt: null,
            actorId: userId,
          },
          current.cycle + 1,
        );
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) return (await this.currentOf(userId, id))!;
      throw error;
    }
  }

  /**
   * A CONTENT lesson the learner marks done, once released. A certificate
   * this completes gets `verificationCode` when given (demo data only).
   */
  async completeLesson(
    userId: string,
    lessonId: string,
    verificationCode?: string,
  ): Promise<EnrollmentDocument> {
    const lesson = await LessonModel.findById(parseObjectId(lessonId, 'lessonId')).exec();
    if (!lesson) throw new NotFoundError('Lesson', lessonId);
    const enrollment = await this.currentOf(userId, lesson.courseId);
    if (!enrollment || enrollment.status === EnrollmentStatus.WITHDRAWN) {
      refuse('You are not enrolled in this course', 'lessonId', 'NOT_ENROLLED');
    }
    if (lesson.kind !== LessonKind.CONTENT) {
      refuse(
        lesson.kind === LessonKind.ASSESSMENT
          ? 'An assessment lesson is completed by passing its assessment'
          : 'An event lesson is completed by checking in at the event',
        'lessonId',
        'LESSON_NOT_SELF_COMPLETED',
      );
    }
    const module = (await CourseModuleModel.findById(lesson.moduleId).exec())!;
    const release = releaseOf(lesson, module);
    const now = this.now();
    if (release && release > now)
      refuse('The lesson is not released yet', 'lessonId', 'NOT_RELEASED');
    const completed = await this.events.withTransaction((session) =>
      this.completion.completeLessonIn(session, enrollment._id, lesson, now, verificationCode),
    );
    return completed ?? (await EnrollmentModel.findById(enrollment._id).exec())!;
  }

  /** The person's enrollments, newest first, with the course each is in. */
  listOf(userId: string, page: PageArgs): Promise<Connection<Enrollment>> {
    return paginate(EnrollmentModel, { userId }, page, {
      sort: { field: 'createdAt', direction: 'DESC' },
    }) as Promise<Connection<Enrollment>>;
  }

  currentOf(
    userId: string,
    courseId: Types.ObjectId,
    session?: ClientSession,
  ): Promise<EnrollmentDocument | null> {
    return EnrollmentModel.findOne({ userId, courseId, current: true })
      .session(session ?? null)
      .exec();
  }

  /** The new current enrollment; the concurrent twin's when two race (the unique partial index). */
  private async create(enrollment: NewEnrollment): Promise<EnrollmentDocument> {
    try {
      return await this.events.withTransaction(async (session) => {
        const raced = await this.currentOf(enrollment.userId, enrollment.course._id, session);
        if (raced) return raced;
        const last = await EnrollmentModel.findOne(
          {
            userId: enrollment.userId,
            courseId: enrollment.course._id,
            status: EnrollmentStatus.COMPLETED,
          },
          { cycle: 1 },
        )
          .sort({ cycle: -1 })
          .session(session)
          .exec();
        return this.insert(session, enrollment, (last?.cycle ?? 0) + 1);
      });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return (await this.currentOf(enrollment.userId, enrollment.course._id))!;
    }
  }

  private async insert(
    session: ClientSession,
    { userId, course, source, dueAt, actorId }: NewEnrollment,
    cycle: number,
  ): Promise<EnrollmentDocument> {
    const [created] = await EnrollmentModel.create(
      [{ userId, courseId: course._id, cycle, source, dueAt, current: true }],
      { session },
    );
    await this.events.publish(session, {
      type: 'enrollment.created',
      subject: created!.id as string,
      payload: {
        ...enrollmentPayload(created!, course),
        source,
        dueAt: dueAt?.toISOString() ?? null,
        cycle,
      },
      actorId,
    });
    if (dueAt) await this.scheduleOverdue(session, created!, dueAt);
    return created!;
  }

  private async setDueDate(enrollment: EnrollmentDocument, dueAt: Date | null) {
    if (enrollment.status !== EnrollmentStatus.ACTIVE) return enrollment;
    return this.events.withTransaction(async (session) => {
      const updated = await EnrollmentModel.findOneAndUpdate(
        { _id: enrollment._id, status: EnrollmentStatus.ACTIVE },
        { $set: { source: EnrollmentSource.ASSIGNED, dueAt, overdueAt: null } },
        { returnDocument: 'after', session },
      ).exec();
      if (!updated)
        return (await EnrollmentModel.findById(enrollment._id).session(session).exec())!;
      if (dueAt) await this.scheduleOverdue(session, updated, dueAt);
      else await this.jobs.cancel(overdueKey(updated.id as string), { session });
      return updated;
    });
  }

  private scheduleOverdue(session: ClientSession, enrollment: EnrollmentDocument, dueAt: Date) {
    const enrollmentId = enrollment.id as string;
    return this.jobs.schedule(
      OVERDUE_JOB,
      dueAt,
      { enrollmentId },
      {
        uniqueKey: overdueKey(enrollmentId),
        session,
      },
    );
  }

  private async withdrawIn(
    session: ClientSession,
    filter: { userId: string; courseId?: Types.ObjectId },
    reason: string | null,
  ): Promise<EnrollmentDocument[]> {
    const active = await EnrollmentModel.find({
      ...filter,
      current: true,
      status: EnrollmentStatus.ACTIVE,
    })
      .session(session)
      .exec();
    const withdrawn: EnrollmentDocument[] = [];
    for (const enrollment of active) {
      const ended = await EnrollmentModel.findOneAndUpdate(
        { _id: enrollment._id, status: EnrollmentStatus.ACTIVE },
        {
          $set: { status: EnrollmentStatus.WITHDRAWN, withdrawnAt: this.now() },
          $unset: { current: 1 },
        },
        { returnDocument: 'after', session },
      ).exec();
      if (!ended) continue;
      await AttemptModel.updateMany(
        { enrollmentId: ended._id, status: AttemptStatus.IN_PROGRESS },
        { $set: { status: AttemptStatus.ABANDONED } },
        { session },
      ).exec();
      await this.jobs.cancel(overdueKey(ended.id as string), { session });
      const course = (await CourseModel.findById(ended.courseId).session(session).exec())!;
      await this.events.publish(session, {
        type: 'enrollment.withdrawn',
        subject: ended.id as string,
        payload: { ...enrollmentPayload(ended, course), reason },
        actorId: ended.userId,
      });
      withdrawn.push(ended);
    }
    return withdrawn;
  }

  /** `enrollment.overdue` once: the guard on `overdueAt` makes a second run a no-op. */
  private async markOverdue(enrollmentId: string, session: ClientSession): Promise<void> {
    const now = this.now();
    const overdue = await EnrollmentModel.findOneAndUpdate(
      { _id: enrollmentId, status: EnrollmentStatus.ACTIVE, overdueAt: null, dueAt: { $lte: now } },
      { $set: { overdueAt: now } },
      { returnDocument: 'after', session },
    ).exec();
    if (!overdue) {
      const pending = await EnrollmentModel.findOne({
        _id: enrollmentId,
        status: EnrollmentStatus.ACTIVE,
        overdueAt: null,
        dueAt: { $gt: now },
      })
        .session(session)
        .exec();
      if (pending?.dueAt) throw new NotDueYetError('the overdue notice', pending.dueAt);
      return;
    }
    const course = (await CourseModel.findById(overdue.courseId).session(session).exec())!;
    await this.events.publish(session, {
      type: 'enrollment.overdue',
      subject: overdue.id as string,
      payload: { ...enrollmentPayload(overdue, course), dueAt: overdue.dueAt!.toISOString() },
    });
  }
}
