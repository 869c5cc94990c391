import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@weace/test-kit/subgraph';
import {
  ENROLL,
  MINUTE,
  START_ATTEMPT,
  SUBMIT_ATTEMPT,
  type StartedAttempt,
  type TrainingHarness,
  answersScoring,
  attemptScoring,
  coach,
  learner,
  makeQuizCourse,
  ok,
  publishedEvents,
  startTrainingHarness,
} from '../testing/training-harness';
import { EnrollmentModel, EnrollmentStatus } from '../enrollment/enrollment.model';
import { CertificateModel } from '../certificate/certificate.model';
import { AttemptModel, AttemptStatus } from './attempt.model';

let harness: TrainingHarness;
beforeAll(async () => {
  harness = await startTrainingHarness();
});
afterAll(() => harness.stop());

const execute: TrainingHarness['execute'] = (source, options) => harness.execute(source, options);

const ATTEMPT = /* GraphQL */ `
  query ($id: ID!) {
    attempt(id: $id) {
      status
      score
      autoSubmitted
    }
  }
`;

const SAVE = /* GraphQL */ `
  mutation ($id: ID!, $answers: [AnswerInput!]) {
    saveAnswers(attemptId: $id, answers: $answers) {
      status
    }
  }
`;

const MY_GRADE = /* GraphQL */ `
  query ($id: ID!) {
    course(id: $id) {
      myEnrollment {
        status
      }
      modules {
        lessons {
          assessment {
            myGrade
          }
        }
      }
    }
  }
`;

async function enrolledIn(quiz: { id: string }) {
  const me = learner();
  await ok(execute, ENROLL, me, { courseId: quiz.id });
  return me;
}

describe('attempts (rule 3)', () => {
  it('allows maxAttempts attempts in total [BAD_USER_INPUT NO_ATTEMPTS_LEFT]', async () => {
    const quiz = await makeQuizCourse(execute, coach(), { maxAttempts: 2, passMark: 100 });
    const me = await enrolledIn(quiz);
    await attemptScoring(execute, me, quiz, 10);
    await attemptScoring(execute, me, quiz, 20);
    const third = await harness.execute(START_ATTEMPT, {
      caller: me,
      variables: { id: quiz.assessmentId },
    });
    expect(third.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NO_ATTEMPTS_LEFT',
    });
    expect(await AttemptModel.countDocuments({ userId: me.userId })).toBe(2);
  });

  it('starts one attempt however many starts race, and the open one is returned again', async () => {
    const quiz = await makeQuizCourse(execute, coach(), { maxAttempts: 1 });
    const me = await enrolledIn(quiz);
    const started = await Promise.all(
      Array.from({ length: 5 }, () =>
        ok<StartedAttempt>(execute, START_ATTEMPT, me, { id: quiz.assessmentId }),
      ),
    );
    expect(new Set(started.map((s) => s.startAttempt.id)).size).toBe(1);
    expect(await AttemptModel.countDocuments({ userId: me.userId })).toBe(1);
  });

  it('sets the deadline to min(start + time limit, close)', async () => {
    const now = harness.clock.now().getTime();
    const limited = await makeQuizCourse(execute, coach(), {
      timeLimitMinutes: 30,
      closesAt: new Date(now + 60 * MINUTE),
    });
    const closing = await makeQuizCourse(execute, coach(), {
      timeLimitMinutes: 30,
      closesAt: new Date(now + 10 * MINUTE),
    });
    const me = learner();
    for (const quiz of [limited, closing]) await ok(execute, ENROLL, me, { courseId: quiz.id });
    const deadline = async (quiz: { assessmentId: string }) =>
      (await ok<StartedAttempt>(execute, START_ATTEMPT, me, { id: quiz.assessmentId })).startAttempt
        .deadline;
    expect(await deadline(limited)).toBe(new Date(now + 30 * MINUTE).toISOString());
    expect(await deadline(closing)).toBe(new Date(now + 10 * MINUTE).toISOString());
  });

  it('refuses answers after the deadline [FORBIDDEN DEADLINE_PASSED] and grades what was saved, lazily', async () => {
    // A deadline far in the real future: only the test's clock passes it, the scheduler does not.
    harness.clock.set(new Date(Date.now() + 30 * 24 * 60 * MINUTE));
    const quiz = await makeQuizCourse(execute, coach(), { timeLimitMinutes: 10 });
    const me = await enrolledIn(quiz);
    const { startAttempt } = await ok<StartedAttempt>(execute, START_ATTEMPT, me, {
      id: quiz.assessmentId,
    });
    await ok(execute, SAVE, me, { id: startAttempt.id, answers: answersScoring(quiz, 70) });
    harness.clock.advance(11 * MINUTE);

    const late = await harness.execute(SUBMIT_ATTEMPT, {
      caller: me,
      variables: { id: startAttempt.id, answers: answersScoring(quiz, 100) },
    });
    expect(late.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'DEADLINE_PASSED',
    });
    const { attempt } = await ok<{ attempt: unknown }>(execute, ATTEMPT, me, {
      id: startAttempt.id,
    });
    expect(attempt).toEqual({ status: 'SUBMITTED', score: 70, autoSubmitted: true });
    harness.clock.set(new Date());
  });

  it('submits an attempt left open at its deadline from the scheduler', async () => {
    // The clock starts an hour back: the deadline is real time already, so the job is due at once.
    harness.clock.set(new Date(Date.now() - 60 * MINUTE));
    const quiz = await makeQuizCourse(execute, coach(), { timeLimitMinutes: 5 });
    const me = await enrolledIn(quiz);
    const { startAttempt } = await ok<StartedAttempt>(execute, START_ATTEMPT, me, {
      id: quiz.assessmentId,
    });
    await ok(execute, SAVE, me, { id: startAttempt.id, answers: answersScoring(quiz, 80) });
    harness.clock.advance(6 * MINUTE);
    await eventually(async () => {
      const stored = await AttemptModel.findById(startAttempt.id).orFail();
      return stored.status === AttemptStatus.SUBMITTED;
    });
    const stored = await AttemptModel.findById(startAttempt.id).orFail();
    expect({ score: stored.score, autoSubmitted: stored.autoSubmitted }).toEqual({
      score: 80,
      autoSubmitted: true,
    });
    // Passing at the deadline completes the course as a submission would.
    const enrollment = await EnrollmentModel.findOne({ userId: me.userId }).orFail();
    expect(enrollment.status).toBe(EnrollmentStatus.COMPLETED);
    harness.clock.set(new Date());
  });

  it('grades an attempt submitted twice once', async () => {
    const quiz = await makeQuizCourse(execute, coach());
    const me = await enrolledIn(quiz);
    const { startAttempt } = await ok<StartedAttempt>(execute, START_ATTEMPT, me, {
      id: quiz.assessmentId,
    });
    const answers = answersScoring(quiz, 90);
    await Promise.all([
      ok(execute, SUBMIT_ATTEMPT, me, { id: startAttempt.id, answers }),
      ok(execute, SUBMIT_ATTEMPT, me, { id: startAttempt.id, answers }),
    ]);
    const submitted = await publishedEvents('assessment.submitted');
    expect(submitted.filter((e) => e.payload.attemptId === startAttempt.id)).toHaveLength(1);
  });

  it('freezes the questions once anyone attempted [CONFLICT ASSESSMENT_ATTEMPTED]', async () => {
    const author = coach();
    const quiz = await makeQuizCourse(execute, author);
    const UPDATE = /* GraphQL */ `
      mutation ($id: ID!) {
        updateAssessment(
          id: $id
          input: {
            passMark: 50
            questions: [{ kind: NUMERIC, prompt: "Pi to two places", number: 3.14 }]
          }
        ) {
          questions {
            kind
          }
        }
      }
    `;
    await ok(execute, UPDATE, author, { id: quiz.assessmentId });
    const me = await enrolledIn(quiz);
    await ok(execute, START_ATTEMPT, me, { id: quiz.assessmentId });
    const refused = await harness.execute(UPDATE, {
      caller: author,
      variables: { id: quiz.assessmentId },
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ASSESSMENT_ATTEMPTED',
    });
  });
});

describe('grading (rule 4) and frozen completion (rule 6)', () => {
  it.each([
    ['HIGHEST', 90],
    ['AVERAGE', 66.67],
    ['FIRST', 40],
    ['LAST', 70],
  ])(
    'grades 40, 90, 70 by %s as %d, which passes a pass mark of exactly that',
    async (method, grade) => {
      const quiz = await makeQuizCourse(execute, coach(), {
        gradingMethod: method,
        passMark: grade,
      });
      const me = await enrolledIn(quiz);
      for (const score of [40, 90, 70]) await attemptScoring(execute, me, quiz, score);
      const { course } = await ok<{
        course: {
          myEnrollment: { status: string };
          modules: { lessons: { assessment: { myGrade: number } }[] }[];
        };
      }>(execute, MY_GRADE, me, { id: quiz.id });
      expect(course.modules[0]!.lessons[0]!.assessment.myGrade).toBe(grade);
      expect(course.myEnrollment.status).toBe('COMPLETED');
    },
  );

  it('keeps completion and certificate when a later attempt lowers an AVERAGE grade', async () => {
    const quiz = await makeQuizCourse(execute, coach(), { gradingMethod: 'AVERAGE', passMark: 60 });
    const me = await enrolledIn(quiz);
    await attemptScoring(execute, me, quiz, 90);
    const completed = await EnrollmentModel.findOne({ userId: me.userId }).orFail();
    expect(completed).toMatchObject({ status: EnrollmentStatus.COMPLETED, grade: 90 });
    await attemptScoring(execute, me, quiz, 0);
    const after = await EnrollmentModel.findOne({ userId: me.userId }).orFail();
    expect(after).toMatchObject({ status: EnrollmentStatus.COMPLETED, grade: 90 });
    const certificates = await CertificateModel.find({ userId: me.userId });
    expect(certificates.map((c) => c.grade)).toEqual([90]);
  });

  it('does not count attempts that were not submitted', async () => {
    const quiz = await makeQuizCourse(execute, coach(), { gradingMethod: 'LAST', passMark: 60 });
    const me = await enrolledIn(quiz);
    await attemptScoring(execute, me, quiz, 50);
    await ok(execute, START_ATTEMPT, me, { id: quiz.assessmentId });
    const enrollment = await EnrollmentModel.findOne({ userId: me.userId }).orFail();
    expect(enrollment.status).toBe(EnrollmentStatus.ACTIVE);
  });
});
