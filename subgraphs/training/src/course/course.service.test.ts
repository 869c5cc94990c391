import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@weace/test-kit/subgraph';
import {
  COMPLETE_LESSON,
  DAY,
  ENROLL,
  type TrainingHarness,
  addLesson,
  admin,
  coach,
  courseCode,
  foreignEvent,
  learner,
  makeCourse,
  ok,
  publishedEvents,
  someone,
  startTrainingHarness,
} from '../testing/training-harness';
import { Role } from '@weace/service-kit';
import { CourseModel } from './course.model';

let harness: TrainingHarness;
beforeAll(async () => {
  harness = await startTrainingHarness();
});
afterAll(() => harness.stop());

const execute: TrainingHarness['execute'] = (source, options) => harness.execute(source, options);

const OUTLINE = /* GraphQL */ `
  query ($id: ID!) {
    course(id: $id) {
      status
      modules {
        title
        lessons {
          title
          body
          releaseAt
        }
      }
    }
  }
`;

interface Outline {
  course: {
    status: string;
    modules: { title: string; lessons: { title: string; body: string | null }[] }[];
  } | null;
}

describe('visibility (rule 2)', () => {
  it('shows enrolled learners released content only; instructors everything; others the outline', async () => {
    const author = coach();
    const course = await makeCourse(execute, author, { lessons: 1, publish: false });
    const tomorrow = new Date(harness.clock.now().getTime() + DAY);
    await addLesson(execute, author, course.moduleId, {
      title: 'Later',
      kind: 'CONTENT',
      body: 'Secret',
      releaseAt: tomorrow.toISOString(),
    });
    await ok(
      execute,
      'mutation ($id: ID!, $at: DateTime) { addModule(courseId: $id, input: { title: "Next week", releaseAt: $at }) { id } }',
      author,
      { id: course.id, at: tomorrow.toISOString() },
    );
    const me = learner();
    expect((await ok<Outline>(execute, OUTLINE, me, { id: course.id })).course).toBeNull();
    await ok(execute, 'mutation ($id: ID!) { publishCourse(id: $id) { id } }', author, {
      id: course.id,
    });

    const outsider = await ok<Outline>(execute, OUTLINE, learner(), { id: course.id });
    expect(outsider.course?.modules).toEqual([
      { title: 'Module 1', lessons: [{ title: 'Lesson 1', body: null, releaseAt: null }] },
    ]);
    await ok(execute, ENROLL, me, { courseId: course.id });
    const enrolled = await ok<Outline>(execute, OUTLINE, me, { id: course.id });
    expect(enrolled.course?.modules).toEqual([
      { title: 'Module 1', lessons: [{ title: 'Lesson 1', body: 'Text 1', releaseAt: null }] },
    ]);
    const authored = await ok<Outline>(execute, OUTLINE, author, { id: course.id });
    expect(authored.course?.modules.map((m) => m.title)).toEqual(['Module 1', 'Next week']);
    expect(authored.course?.modules[0]!.lessons.map((l) => l.body)).toEqual(['Text 1', 'Secret']);

    harness.clock.set(new Date(tomorrow.getTime() + 1));
    const later = await ok<Outline>(execute, OUTLINE, me, { id: course.id });
    expect(later.course?.modules.map((m) => m.title)).toEqual(['Module 1', 'Next week']);
    expect(later.course?.modules[0]!.lessons.map((l) => l.body)).toEqual(['Text 1', 'Secret']);
    harness.clock.set(new Date());
  });

  it('refuses to complete a lesson before its release [BAD_USER_INPUT NOT_RELEASED]', async () => {
    const author = coach();
    const course = await makeCourse(execute, author, { lessons: 0, publish: false });
    const lessonId = await addLesson(execute, author, course.moduleId, {
      title: 'Later',
      kind: 'CONTENT',
      releaseAt: new Date(harness.clock.now().getTime() + DAY).toISOString(),
    });
    await ok(execute, 'mutation ($id: ID!) { publishCourse(id: $id) { id } }', author, {
      id: course.id,
    });
    const me = learner();
    await ok(execute, ENROLL, me, { courseId: course.id });
    const { errors } = await harness.execute(COMPLETE_LESSON, {
      caller: me,
      variables: { lessonId },
    });
    expect(errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_RELEASED',
    });
  });
});

describe('roles (rule 10)', () => {
  const CREATE =
    'mutation ($input: CreateCourseInput!) { createCourse(input: $input) { id status } }';

  it('lets only coaches, organizers and admins author [FORBIDDEN]', async () => {
    const { errors } = await harness.execute(CREATE, {
      caller: learner(),
      variables: { input: { code: courseCode(), title: 'Mine' } },
    });
    expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const organizer = someone(Role.Organizer);
    const { createCourse } = await ok<{ createCourse: { id: string } }>(
      execute,
      CREATE,
      organizer,
      {
        input: { code: courseCode(), title: 'Mine' },
      },
    );
    const stored = await CourseModel.findById(createCourse.id).orFail();
    expect(stored.instructorIds).toEqual([organizer.userId]);
  });

  it('lets only the course’s instructors and admins change it [FORBIDDEN NOT_INSTRUCTOR]', async () => {
    const course = await makeCourse(execute, coach(), { publish: false });
    const UPDATE =
      'mutation ($id: ID!) { updateCourse(id: $id, input: { title: "Renamed" }) { title } }';
    const refused = await harness.execute(UPDATE, {
      caller: coach(),
      variables: { id: course.id },
    });
    // A draft of somebody else is not even visible to another coach.
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await ok(execute, 'mutation ($id: ID!) { publishCourse(id: $id) { id } }', admin(), {
      id: course.id,
    });
    const published = await harness.execute(UPDATE, {
      caller: coach(),
      variables: { id: course.id },
    });
    expect(published.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_INSTRUCTOR',
    });
    const renamed = await ok<{ updateCourse: { title: string } }>(execute, UPDATE, admin(), {
      id: course.id,
    });
    expect(renamed.updateCourse.title).toBe('Renamed');
    const announced = await publishedEvents('course.published');
    expect(announced.some((e) => e.payload.courseId === course.id)).toBe(true);
  });

  it('lists only published courses to learners', async () => {
    const author = coach();
    const draft = await makeCourse(execute, author, { publish: false });
    const live = await makeCourse(execute, author);
    const listed = async (caller: ReturnType<typeof learner>) =>
      (
        await ok<{ courses: { edges: { node: { id: string } }[] } }>(
          execute,
          '{ courses(first: 100) { edges { node { id } } } }',
          caller,
        )
      ).courses.edges.map((edge) => edge.node.id);
    expect(await listed(learner())).toEqual(expect.arrayContaining([live.id]));
    expect(await listed(learner())).not.toContain(draft.id);
    expect(await listed(author)).toEqual(expect.arrayContaining([live.id, draft.id]));
  });

  it('validates inputs naming the field, and writes nothing [BAD_USER_INPUT]', async () => {
    const before = await CourseModel.countDocuments();
    const { errors } = await harness.execute(CREATE, {
      caller: coach(),
      variables: {
        input: {
          code: courseCode(),
          title: 'Dates',
          startsAt: '2030-01-02T00:00:00Z',
          endsAt: '2030-01-01T00:00:00Z',
        },
      },
    });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: ['endsAt'] });
    expect(await CourseModel.countDocuments()).toBe(before);
  });
});

describe('training report (rule 10)', () => {
  it('gives ADMIN aggregates by course and department, and refuses learners [FORBIDDEN]', async () => {
    const course = await makeCourse(execute, coach(), { lessons: 1 });
    const [ann, bob, cat] = [learner(), learner(), learner()];
    for (const [person, department] of [
      [ann, 'Sales'],
      [bob, 'Sales'],
      [cat, 'Legal'],
    ] as const) {
      await harness.transport.publish(
        foreignEvent('user.registered', 'users', person.userId, {
          user: {
            id: person.userId,
            subject: `subject-of-${person.userId}`,
            email: `${person.userId}@example.com`,
            name: `Person ${person.userId}`,
            locale: null,
            timeZone: null,
            department,
            roles: ['LEARNER'],
            status: 'ACTIVE',
          },
        }),
      );
    }
    const REPORT = /* GraphQL */ `
      query ($courseId: ID, $department: String) {
        trainingReport(courseId: $courseId, department: $department) {
          enrolled
          inProgress
          completed
          overdue
          averageGrade
        }
      }
    `;
    const boss = admin();
    await ok(
      execute,
      'mutation ($c: ID!, $u: [ID!]!, $d: DateTime) { assignCourse(courseId: $c, userIds: $u, dueAt: $d) { id } }',
      boss,
      {
        c: course.id,
        u: [ann.userId, bob.userId, cat.userId],
        d: new Date(harness.clock.now().getTime() + DAY),
      },
    );
    await ok(execute, COMPLETE_LESSON, ann, { lessonId: course.lessonIds[0] });
    await eventually(async () => {
      const { trainingReport } = await ok<{ trainingReport: { enrolled: number } }>(
        execute,
        REPORT,
        boss,
        { courseId: course.id, department: 'Sales' },
      );
      return trainingReport.enrolled === 2;
    });
    harness.clock.set(new Date(harness.clock.now().getTime() + 2 * DAY));
    const { trainingReport } = await ok<{ trainingReport: unknown }>(execute, REPORT, boss, {
      courseId: course.id,
      department: 'Sales',
    });
    expect(trainingReport).toEqual({
      enrolled: 2,
      inProgress: 1,
      completed: 1,
      overdue: 1,
      averageGrade: null,
    });
    harness.clock.set(new Date());
    const refused = await harness.execute(REPORT, {
      caller: ann,
      variables: { courseId: course.id },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
