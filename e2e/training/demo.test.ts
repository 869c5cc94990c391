import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_CERTIFICATE_CODE } from '@weace/training';
import { type TestStack, demoPerson, startTestStack } from '@weace/test-kit';

/** `npm start`'s demo data, as the README's "Try it" uses it. */
let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ seedDemoData: true });
});
afterAll(() => stack.stop());

describe('training demo data', () => {
  it('holds the README’s certificate, verifiable without signing in', async () => {
    const { data, errors } = await stack.graphql<{ verifyCertificate: unknown }>(
      'query ($code: String!) { verifyCertificate(code: $code) { status holderName courseTitle } }',
      { variables: { code: DEMO_CERTIFICATE_CODE } },
    );
    expect(errors).toBeUndefined();
    expect(data?.verifyCertificate).toEqual({
      status: 'VALID',
      holderName: 'Mia Martin',
      courseTitle: 'Information Security Essentials',
    });
  });

  it('shows a learner the assigned compliance course and their progress in leadership', async () => {
    const { data, errors } = await stack.graphql<{
      myEnrollments: {
        edges: {
          node: {
            source: string;
            progress: number;
            dueAt: string | null;
            course: { code: string };
          };
        }[];
      };
    }>('{ myEnrollments { edges { node { source progress dueAt course { code } } } } }', {
      as: demoPerson('liam.learner@weace.dev'),
    });
    expect(errors).toBeUndefined();
    const byCode = Object.fromEntries(
      data!.myEnrollments.edges.map(({ node }) => [node.course.code, node]),
    );
    expect(byCode['SEC-100']).toMatchObject({
      source: 'ASSIGNED',
      progress: 0,
      dueAt: expect.any(String),
    });
    expect(byCode['LEAD-101']).toMatchObject({ source: 'SELF' });
    // One of its three required lessons is read; the quiz was failed.
    expect(byCode['LEAD-101']!.progress).toBeCloseTo(100 / 3, 10);
  });

  it('lets Liam finish leadership as the README shows: a lesson, then the quiz', async () => {
    const liam = demoPerson('liam.learner@weace.dev');
    const send = async <T>(query: string, variables?: Record<string, unknown>) => {
      const { data, errors } = await stack.graphql<T>(query, { as: liam, variables });
      expect(errors).toBeUndefined();
      return data!;
    };
    const { courses } = await send<{
      courses: { edges: { node: { id: string; code: string } }[] };
    }>('{ courses(first: 20) { edges { node { id code } } } }');
    const c = courses.edges.find((edge) => edge.node.code === 'LEAD-101')!.node.id;
    await send('mutation ($c: ID!) { enroll(courseId: $c) { status progress } }', { c });
    type Outline = {
      course: {
        modules: {
          lessons: {
            id: string;
            completed: boolean;
            assessment: { id: string; questions: { id: string }[] } | null;
          }[];
        }[];
      };
    };
    const { course } = await send<Outline>(
      'query ($c: ID!) { course(id: $c) { modules { lessons { id title kind completed assessment { id questions { id kind prompt } } } } } }',
      { c },
    );
    const lesson = course.modules[0]!.lessons.find((l) => !l.completed)!.id;
    await send('mutation ($l: ID!) { completeLesson(lessonId: $l) { progress } }', { l: lesson });
    const quiz = course.modules[1]!.lessons[0]!.assessment!;
    const { startAttempt } = await send<{ startAttempt: { id: string; number: number } }>(
      'mutation ($a: ID!) { startAttempt(assessmentId: $a) { id number deadline } }',
      { a: quiz.id },
    );
    expect(startAttempt.number).toBe(2);
    const [q1, q2, q3] = quiz.questions.map((q) => q.id);
    const { submitAttempt } = await send<{ submitAttempt: unknown }>(
      'mutation ($t: ID!, $a: [AnswerInput!]) { submitAttempt(attemptId: $t, answers: $a) { status score passed } }',
      {
        t: startAttempt.id,
        a: [
          { questionId: q1, choiceIds: ['b'] },
          { questionId: q2, choiceIds: ['false'] },
          { questionId: q3, text: 'One to one' },
        ],
      },
    );
    expect(submitAttempt).toEqual({ status: 'SUBMITTED', score: 100, passed: true });
    const { myEnrollments } = await send<{
      myEnrollments: {
        edges: {
          node: {
            course: { code: string };
            status: string;
            progress: number;
            certificate: unknown;
          };
        }[];
      };
    }>(
      '{ myEnrollments { edges { node { course { code } status progress certificate { verificationCode expiresAt } } } } }',
    );
    expect(myEnrollments.edges.find((edge) => edge.node.course.code === 'LEAD-101')?.node).toEqual({
      course: { code: 'LEAD-101' },
      status: 'COMPLETED',
      progress: 100,
      certificate: { verificationCode: expect.stringMatching(/^[0-9a-f]{32}$/), expiresAt: null },
    });
  });
});
