import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { type TestPerson, type TestStack, person, startTestStack } from '@weace/test-kit';

/** End to end through the gateway: a course authored, taken, completed and verified. */
let stack: TestStack;
const coach = person(Role.Coach, Role.Learner);
const admin = person(Role.Admin, Role.Learner);
const ids = new Map<TestPerson, string>();

beforeAll(async () => {
  stack = await startTestStack();
  for (const someone of [coach, admin]) ids.set(someone, (await stack.createProfile(someone)).id);
});
afterAll(() => stack.stop());

/** Sends the operation as `as` and fails on any error. */
async function ok<T>(
  query: string,
  as: TestPerson | undefined,
  variables?: Record<string, unknown>,
) {
  const { data, errors } = await stack.graphql<T>(query, { as, variables });
  if (errors?.length) throw new Error(JSON.stringify(errors));
  return data as T;
}

async function newLearner(): Promise<TestPerson> {
  const someone = person();
  ids.set(someone, (await stack.createProfile(someone)).id);
  return someone;
}

let codes = 0;

/** A published course by the coach: `contents` CONTENT lessons, then a graded assessment when asked. */
async function publishedCourse({ contents = 1, assessment = false } = {}) {
  codes += 1;
  const { createCourse } = await ok<{ createCourse: { id: string } }>(
    /* GraphQL */ `
      mutation ($input: CreateCourseInput!) {
        createCourse(input: $input) {
          id
        }
      }
    `,
    coach,
    { input: { code: `E2E-${Date.now()}-${codes}`, title: `Course ${codes}`, validityDays: 365 } },
  );
  const { addModule } = await ok<{ addModule: { id: string } }>(
    'mutation ($id: ID!) { addModule(courseId: $id, input: { title: "Basics" }) { id } }',
    coach,
    { id: createCourse.id },
  );
  const lesson = (input: Record<string, unknown>) =>
    ok<{ addLesson: { id: string } }>(
      'mutation ($id: ID!, $input: LessonInput!) { addLesson(moduleId: $id, input: $input) { id } }',
      coach,
      { id: addModule.id, input },
    ).then((data) => data.addLesson.id);
  const lessonIds: string[] = [];
  for (let i = 0; i < contents; i += 1) {
    lessonIds.push(await lesson({ title: `Read ${i}`, kind: 'CONTENT', body: `Text ${i}` }));
  }
  let assessmentId: string | undefined;
  let questionId: string | undefined;
  if (assessment) {
    const quizLesson = await lesson({ title: 'Quiz', kind: 'ASSESSMENT' });
    const { createAssessment } = await ok<{
      createAssessment: { id: string; questions: { id: string }[] };
    }>(
      /* GraphQL */ `
        mutation ($lessonId: ID!) {
          createAssessment(
            lessonId: $lessonId
            input: {
              passMark: 50
              maxAttempts: 3
              gradingMethod: HIGHEST
              questions: [
                {
                  kind: SINGLE_CHOICE
                  prompt: "2 + 2?"
                  choices: [{ text: "3" }, { text: "4", correct: true }]
                }
              ]
            }
          ) {
            id
            questions {
              id
            }
          }
        }
      `,
      coach,
      { lessonId: quizLesson },
    );
    assessmentId = createAssessment.id;
    questionId = createAssessment.questions[0]!.id;
  }
  await ok('mutation ($id: ID!) { publishCourse(id: $id) { id } }', coach, { id: createCourse.id });
  return { id: createCourse.id, lessonIds, assessmentId, questionId };
}

const ENROLL = 'mutation ($id: ID!) { enroll(courseId: $id) { id status progress } }';
const COMPLETE = /* GraphQL */ `
  mutation ($id: ID!) {
    completeLesson(lessonId: $id) {
      progress
      status
      certificate {
        id
        verificationCode
      }
    }
  }
`;
const VERIFY = /* GraphQL */ `
  query ($code: String!) {
    verifyCertificate(code: $code) {
      status
      holderName
      courseTitle
      issuedAt
      expiresAt
    }
  }
`;

describe('a course through the gateway', () => {
  it('lists published courses with their instructors’ names from users', async () => {
    const course = await publishedCourse();
    const learner = await newLearner();
    const { courses } = await ok<{
      courses: { edges: { node: { id: string; instructors: { name: string }[] } }[] };
    }>('{ courses(first: 100) { edges { node { id instructors { name } } } } }', learner);
    const listed = courses.edges.find((edge) => edge.node.id === course.id);
    expect(listed?.node.instructors).toEqual([{ name: coach.name }]);
  });

  it('enrolls once however many enrollments race (idempotent under concurrency)', async () => {
    const course = await publishedCourse();
    const learner = await newLearner();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        ok<{ enroll: { id: string } }>(ENROLL, learner, { id: course.id }),
      ),
    );
    expect(new Set(results.map((result) => result.enroll.id)).size).toBe(1);
    const { myEnrollments } = await ok<{ myEnrollments: { totalCount: number } }>(
      '{ myEnrollments { totalCount } }',
      learner,
    );
    expect(myEnrollments.totalCount).toBe(1);
  });

  it('issues one certificate when the last lessons complete concurrently', async () => {
    const course = await publishedCourse({ contents: 5 });
    const learner = await newLearner();
    await ok(ENROLL, learner, { id: course.id });
    await Promise.all(course.lessonIds.map((id) => ok(COMPLETE, learner, { id })));
    const { me } = await ok<{
      me: {
        certificates: { totalCount: number };
        enrollments: { edges: { node: { progress: number; status: string } }[] };
      };
    }>(
      '{ me { certificates { totalCount } enrollments { edges { node { progress status } } } } }',
      learner,
    );
    expect(me.certificates.totalCount).toBe(1);
    expect(me.enrollments.edges.map((edge) => edge.node)).toEqual([
      { progress: 100, status: 'COMPLETED' },
    ]);
  });

  it('takes an assessment, completes the course, and anyone verifies the certificate', async () => {
    const course = await publishedCourse({ contents: 1, assessment: true });
    const learner = await newLearner();
    await ok(ENROLL, learner, { id: course.id });

    // Learners never receive answer keys; the instructor does.
    const keys = /* GraphQL */ `
      query ($id: ID!) {
        course(id: $id) {
          modules {
            lessons {
              kind
              assessment {
                questions {
                  key {
                    choiceIds
                  }
                }
              }
            }
          }
        }
      }
    `;
    type Keys = {
      course: {
        modules: {
          lessons: { kind: string; assessment: { questions: { key: unknown }[] } | null }[];
        }[];
      };
    };
    const quizOf = (data: Keys) =>
      data.course.modules[0]!.lessons.find((lesson) => lesson.kind === 'ASSESSMENT')!.assessment!;
    expect(quizOf(await ok<Keys>(keys, learner, { id: course.id })).questions[0]!.key).toBeNull();
    expect(quizOf(await ok<Keys>(keys, coach, { id: course.id })).questions[0]!.key).toEqual({
      choiceIds: ['b'],
    });

    const half = await ok<{ completeLesson: { progress: number } }>(COMPLETE, learner, {
      id: course.lessonIds[0],
    });
    expect(half.completeLesson.progress).toBe(50);

    const { startAttempt } = await ok<{ startAttempt: { id: string; status: string } }>(
      'mutation ($id: ID!) { startAttempt(assessmentId: $id) { id status } }',
      learner,
      { id: course.assessmentId },
    );
    expect(startAttempt.status).toBe('IN_PROGRESS');
    const SUBMIT = /* GraphQL */ `
      mutation ($id: ID!, $answers: [AnswerInput!]) {
        submitAttempt(attemptId: $id, answers: $answers) {
          status
          score
          passed
        }
      }
    `;
    const answers = [{ questionId: course.questionId, choiceIds: ['b'] }];
    const [first, second] = await Promise.all([
      ok<{ submitAttempt: unknown }>(SUBMIT, learner, { id: startAttempt.id, answers }),
      ok<{ submitAttempt: unknown }>(SUBMIT, learner, { id: startAttempt.id, answers }),
    ]);
    expect(first.submitAttempt).toEqual({ status: 'SUBMITTED', score: 100, passed: true });
    expect(second.submitAttempt).toEqual(first.submitAttempt);

    const { myEnrollments } = await ok<{
      myEnrollments: {
        edges: {
          node: { status: string; progress: number; certificate: { verificationCode: string } };
        }[];
      };
    }>(
      '{ myEnrollments { edges { node { status progress certificate { verificationCode } } } } }',
      learner,
    );
    const [enrollment] = myEnrollments.edges.map((edge) => edge.node);
    expect(enrollment).toMatchObject({ status: 'COMPLETED', progress: 100 });

    const verified = await stack.graphql<{ verifyCertificate: Record<string, unknown> }>(VERIFY, {
      variables: { code: enrollment!.certificate.verificationCode },
    });
    expect(verified.errors).toBeUndefined();
    expect(verified.data?.verifyCertificate).toMatchObject({
      status: 'VALID',
      holderName: learner.name,
      courseTitle: expect.stringMatching(/^Course /),
      expiresAt: expect.any(String),
    });
    expect(JSON.stringify(verified.data)).not.toContain(learner.email);

    const unknown = await stack.graphql<{ verifyCertificate: { status: string } }>(VERIFY, {
      variables: { code: '0'.repeat(32) },
    });
    expect(unknown.data?.verifyCertificate.status).toBe('NOT_FOUND');
  });

  it('lets an admin revoke a certificate with a reason; verification then says REVOKED', async () => {
    const course = await publishedCourse();
    const learner = await newLearner();
    await ok(ENROLL, learner, { id: course.id });
    const { completeLesson } = await ok<{
      completeLesson: { certificate: { id: string; verificationCode: string } };
    }>(COMPLETE, learner, { id: course.lessonIds[0] });
    const revoke =
      'mutation ($id: ID!) { revokeCertificate(id: $id, reason: "Exam fraud") { status revocationReason } }';
    const refused = await stack.graphql(revoke, {
      as: learner,
      variables: { id: completeLesson.certificate.id },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { revokeCertificate } = await ok<{ revokeCertificate: unknown }>(revoke, admin, {
      id: completeLesson.certificate.id,
    });
    expect(revokeCertificate).toEqual({ status: 'REVOKED', revocationReason: 'Exam fraud' });
    const { verifyCertificate } = await ok<{ verifyCertificate: { status: string } }>(
      VERIFY,
      undefined,
      { code: completeLesson.certificate.verificationCode },
    );
    expect(verifyCertificate.status).toBe('REVOKED');
  });
});

describe('training on User', () => {
  it('is readable by the person and ADMIN, null for anyone else', async () => {
    const course = await publishedCourse();
    const learner = await newLearner();
    const other = await newLearner();
    await ok(ENROLL, learner, { id: course.id });
    const query = /* GraphQL */ `
      query ($id: ID!) {
        user(id: $id) {
          enrollments {
            totalCount
          }
          certificates {
            totalCount
          }
        }
      }
    `;
    const read = (as: TestPerson) =>
      ok<{ user: { enrollments: { totalCount: number } | null; certificates: unknown } }>(
        query,
        as,
        {
          id: ids.get(learner),
        },
      );
    expect((await read(learner)).user.enrollments).toEqual({ totalCount: 1 });
    expect((await read(admin)).user.enrollments).toEqual({ totalCount: 1 });
    expect(await read(other)).toEqual({ user: { enrollments: null, certificates: null } });
  });
});
