import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@weace/test-kit/subgraph';
import {
  COMPLETE_LESSON,
  type CourseSpec,
  DAY,
  ENROLL,
  type TrainingHarness,
  coach,
  foreignEvent,
  learner,
  makeCourse,
  ok,
  publishedEvents,
  startTrainingHarness,
} from '../testing/training-harness';
import { EnrollmentModel, EnrollmentStatus } from './enrollment.model';

let harness: TrainingHarness;
beforeAll(async () => {
  harness = await startTrainingHarness();
});
afterAll(() => harness.stop());

const execute: TrainingHarness['execute'] = (source, options) => harness.execute(source, options);

interface Enrolled {
  enroll: { id: string; status: string; cycle: number; progress: number };
}

describe('enrollment (rule 1)', () => {
  it('enrolls into a published course inside its window and publishes enrollment.created', async () => {
    const course = await makeCourse(execute, coach(), {
      enrollmentOpensAt: new Date(harness.clock.now().getTime() - DAY),
      enrollmentClosesAt: new Date(harness.clock.now().getTime() + DAY),
    });
    const me = learner();
    const { enroll } = await ok<Enrolled>(execute, ENROLL, me, { courseId: course.id });
    expect(enroll).toMatchObject({ status: 'ACTIVE', cycle: 1, progress: 0 });
    const created = await publishedEvents('enrollment.created');
    expect(created.find((e) => e.payload.enrollmentId === enroll.id)?.payload).toMatchObject({
      userId: me.userId,
      courseId: course.id,
      source: 'SELF',
      dueAt: null,
      cycle: 1,
    });
  });

  const windows: Record<string, (now: number) => CourseSpec> = {
    ENROLLMENT_NOT_OPEN: (now) => ({ enrollmentOpensAt: new Date(now + DAY) }),
    ENROLLMENT_CLOSED: (now) => ({
      enrollmentOpensAt: new Date(now - 2 * DAY),
      enrollmentClosesAt: new Date(now - DAY),
    }),
    COURSE_NOT_PUBLISHED: () => ({ publish: false }),
  };

  it.each(Object.keys(windows))(
    'refuses with %s [BAD_USER_INPUT], writing nothing',
    async (reason) => {
      const course = await makeCourse(
        execute,
        coach(),
        windows[reason]!(harness.clock.now().getTime()),
      );
      const me = learner();
      const { errors } = await harness.execute(ENROLL, {
        caller: me,
        variables: { courseId: course.id },
      });
      expect(errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason,
        fields: ['courseId'],
      });
      expect(await EnrollmentModel.countDocuments({ userId: me.userId })).toBe(0);
    },
  );

  it('requires every prerequisite passed [BAD_USER_INPUT PREREQUISITES_NOT_MET]', async () => {
    const author = coach();
    const basics = await makeCourse(execute, author, { lessons: 1 });
    const advanced = await makeCourse(execute, author, { prerequisiteIds: [basics.id] });
    const me = learner();
    const refused = await harness.execute(ENROLL, {
      caller: me,
      variables: { courseId: advanced.id },
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ reason: 'PREREQUISITES_NOT_MET' });

    await ok(execute, ENROLL, me, { courseId: basics.id });
    await ok(execute, COMPLETE_LESSON, me, { lessonId: basics.lessonIds[0] });
    const { enroll } = await ok<Enrolled>(execute, ENROLL, me, { courseId: advanced.id });
    expect(enroll.status).toBe('ACTIVE');
  });

  it('returns the existing enrollment when enrolling twice, also concurrently', async () => {
    const course = await makeCourse(execute, coach());
    const me = learner();
    const results = await Promise.all(
      Array.from({ length: 8 }, () => ok<Enrolled>(execute, ENROLL, me, { courseId: course.id })),
    );
    expect(new Set(results.map((r) => r.enroll.id)).size).toBe(1);
    expect(await EnrollmentModel.countDocuments({ userId: me.userId })).toBe(1);
    const created = await publishedEvents('enrollment.created');
    expect(created.filter((e) => e.payload.userId === me.userId)).toHaveLength(1);
  });

  it('starts fresh progress when re-enrolling after a withdrawal', async () => {
    const course = await makeCourse(execute, coach(), { lessons: 2 });
    const me = learner();
    const first = await ok<Enrolled>(execute, ENROLL, me, { courseId: course.id });
    await ok(execute, COMPLETE_LESSON, me, { lessonId: course.lessonIds[0] });
    const { withdraw } = await ok<{ withdraw: { status: string } }>(
      execute,
      'mutation ($courseId: ID!) { withdraw(courseId: $courseId) { status } }',
      me,
      { courseId: course.id },
    );
    expect(withdraw.status).toBe('WITHDRAWN');
    const again = await ok<Enrolled>(execute, ENROLL, me, { courseId: course.id });
    expect(again.enroll.id).not.toBe(first.enroll.id);
    expect(again.enroll).toMatchObject({ status: 'ACTIVE', progress: 0, cycle: 1 });
    const withdrawn = await publishedEvents('enrollment.withdrawn');
    expect(withdrawn.some((e) => e.payload.enrollmentId === first.enroll.id)).toBe(true);
  });
});

describe('progress and completion (rules 5 and 6)', () => {
  it('moves by required lessons only, reaches 100 with the last, and issues one certificate', async () => {
    const author = coach();
    const course = await makeCourse(execute, author, { lessons: 3 });
    const me = learner();
    await ok(execute, ENROLL, me, { courseId: course.id });
    type Done = { completeLesson: { progress: number; status: string; certificate: unknown } };
    const one = await ok<Done>(execute, COMPLETE_LESSON, me, { lessonId: course.lessonIds[0] });
    expect(one.completeLesson.progress).toBeCloseTo(33.333, 2);
    // Completing it again changes nothing.
    const again = await ok<Done>(execute, COMPLETE_LESSON, me, { lessonId: course.lessonIds[0] });
    expect(again.completeLesson.progress).toBe(one.completeLesson.progress);
    await ok(execute, COMPLETE_LESSON, me, { lessonId: course.lessonIds[1] });
    const last = await ok<Done>(execute, COMPLETE_LESSON, me, { lessonId: course.lessonIds[2] });
    expect(last.completeLesson).toMatchObject({
      progress: 100,
      status: 'COMPLETED',
      certificate: { cycle: 1, verificationCode: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    const completed = await publishedEvents('course.completed');
    expect(completed.filter((e) => e.payload.userId === me.userId)).toHaveLength(1);
    const lessons = await publishedEvents('lesson.completed');
    expect(lessons.filter((e) => e.payload.userId === me.userId)).toHaveLength(3);
  });

  it('gives one certificate when the last lessons are completed concurrently', async () => {
    const course = await makeCourse(execute, coach(), { lessons: 4 });
    const me = learner();
    await ok(execute, ENROLL, me, { courseId: course.id });
    await Promise.all(
      course.lessonIds.map((lessonId) => ok(execute, COMPLETE_LESSON, me, { lessonId })),
    );
    const issued = await publishedEvents('certificate.issued');
    expect(issued.filter((e) => e.payload.userId === me.userId)).toHaveLength(1);
    const enrollment = await EnrollmentModel.findOne({ userId: me.userId }).orFail();
    expect(enrollment.status).toBe(EnrollmentStatus.COMPLETED);
    expect(enrollment.completedLessonIds).toHaveLength(4);
  });
});

describe('consumers', () => {
  it('completes the event lessons of an event at check-in (registration.checkedIn)', async () => {
    const author = coach();
    const course = await makeCourse(execute, author, { lessons: 0, publish: false });
    const eventId = 'event-checkin-1';
    const { addLesson } = await ok<{ addLesson: { id: string } }>(
      execute,
      /* GraphQL */ `
        mutation ($moduleId: ID!, $eventId: ID!) {
          addLesson(
            moduleId: $moduleId
            input: { title: "Workshop", kind: EVENT, eventId: $eventId }
          ) {
            id
          }
        }
      `,
      author,
      { moduleId: course.moduleId, eventId },
    );
    await ok(execute, 'mutation ($id: ID!) { publishCourse(id: $id) { id } }', author, {
      id: course.id,
    });
    const me = learner();
    await ok(execute, ENROLL, me, { courseId: course.id });
    const at = new Date().toISOString();
    await harness.transport.publish(
      foreignEvent('registration.checkedIn', 'events', 'registration-1', {
        registrationId: 'registration-1',
        eventId,
        eventTitle: 'Workshop',
        userId: me.userId,
        startsAt: at,
        endsAt: at,
        checkedInAt: at,
        checkedInBy: learner().userId,
      }),
    );
    await eventually(async () => {
      const enrollment = await EnrollmentModel.findOne({ userId: me.userId }).orFail();
      return enrollment.status === EnrollmentStatus.COMPLETED;
    });
    const lessons = await publishedEvents('lesson.completed');
    expect(lessons.find((e) => e.payload.userId === me.userId)?.payload.lessonId).toBe(
      addLesson.id,
    );
  });

  it('withdraws the active enrollments of a deleted user (user.deleted); certificates stay', async () => {
    const author = coach();
    const done = await makeCourse(execute, author, { lessons: 1 });
    const open = await makeCourse(execute, author, { lessons: 1 });
    const me = learner();
    await ok(execute, ENROLL, me, { courseId: done.id });
    await ok(execute, COMPLETE_LESSON, me, { lessonId: done.lessonIds[0] });
    await ok(execute, ENROLL, me, { courseId: open.id });
    await harness.transport.publish(
      foreignEvent('user.deleted', 'users', me.userId, { userId: me.userId }),
    );
    await eventually(async () => {
      const active = await EnrollmentModel.countDocuments({
        userId: me.userId,
        status: EnrollmentStatus.ACTIVE,
      });
      return active === 0;
    });
    const statuses = (await EnrollmentModel.find({ userId: me.userId }).lean()).map(
      (e) => e.status,
    );
    expect(statuses.sort()).toEqual([EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN]);
    const withdrawn = await publishedEvents('enrollment.withdrawn');
    expect(withdrawn.find((e) => e.payload.userId === me.userId)?.payload.reason).toBe(
      'account deleted',
    );
  });
});
