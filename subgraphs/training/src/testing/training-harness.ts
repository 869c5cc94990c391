import { randomBytes, randomUUID } from 'node:crypto';
import type { Envelope, EventType, PayloadOf } from '@weace/events';
import { type Caller, Role } from '@weace/service-kit';
import {
  type PublishedEvent,
  type SubgraphHarness,
  callers,
  publishedEvents as publishedBy,
  startSubgraphHarness,
} from '@weace/test-kit/subgraph';
import { Types } from 'mongoose';
import { createTrainingSubgraph } from '../index';

/** A clock a test sets and moves; it stands still otherwise. */
export class TestClock {
  private at = new Date();

  readonly now = (): Date => new Date(this.at);

  set(at: Date): void {
    this.at = new Date(at);
  }

  advance(ms: number): Date {
    this.at = new Date(this.at.getTime() + ms);
    return this.now();
  }
}

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export interface TrainingHarness extends SubgraphHarness {
  readonly clock: TestClock;
}

/** The training subgraph as it runs in production, on its own engine, with a clock the test moves. */
export async function startTrainingHarness(): Promise<TrainingHarness> {
  const clock = new TestClock();
  const harness = await startSubgraphHarness(createTrainingSubgraph({ now: clock.now }));
  return Object.assign(harness, { clock });
}

/** Somebody with a profile: a new `User.id`, as the gateway would sign them in. */
export function someone(...roles: Role[]): Caller & { readonly userId: string } {
  const userId = new Types.ObjectId().toHexString();
  return Object.assign(callers.user(userId, ...roles), { userId });
}

export const admin = () => someone(Role.Admin, Role.Learner);
export const coach = () => someone(Role.Coach, Role.Learner);
export const learner = () => someone(Role.Learner);

/** Unique course codes across a test file. */
export const courseCode = () => `T-${randomBytes(4).toString('hex').toUpperCase()}`;

/** What the training service has published, oldest first; only `type` when given. */
export function publishedEvents<T extends EventType>(type?: T): Promise<PublishedEvent<T>[]> {
  return publishedBy('training', type);
}

type Execute = SubgraphHarness['execute'];

/** Sends the operation and fails the test on any error: for the steps a scenario only sets up. */
export async function ok<T = Record<string, unknown>>(
  execute: Execute,
  source: string,
  caller: Caller,
  variables?: Record<string, unknown>,
): Promise<T> {
  const { data, errors } = await execute<T>(source, { caller, variables });
  if (errors?.length) throw new Error(`${source.trim().split('\n')[0]}: ${JSON.stringify(errors)}`);
  return data as T;
}

export interface CourseOutline {
  readonly id: string;
  readonly moduleId: string;
  readonly lessonIds: string[];
}

export interface CourseSpec {
  readonly lessons?: number;
  readonly validityDays?: number;
  readonly enrollmentOpensAt?: Date;
  readonly enrollmentClosesAt?: Date;
  readonly prerequisiteIds?: string[];
  readonly publish?: boolean;
}

/** A course by `author` with one module of `lessons` CONTENT lessons (default 2), published unless told. */
export async function makeCourse(
  execute: Execute,
  author: Caller,
  { lessons = 2, publish = true, ...fields }: CourseSpec = {},
): Promise<CourseOutline> {
  const { createCourse } = await ok<{ createCourse: { id: string } }>(
    execute,
    /* GraphQL */ `
      mutation ($input: CreateCourseInput!) {
        createCourse(input: $input) {
          id
        }
      }
    `,
    author,
    { input: { code: courseCode(), title: 'Safety basics', ...fields } },
  );
  const { addModule } = await ok<{ addModule: { id: string } }>(
    execute,
    /* GraphQL */ `
      mutation ($courseId: ID!) {
        addModule(courseId: $courseId, input: { title: "Module 1" }) {
          id
        }
      }
    `,
    author,
    { courseId: createCourse.id },
  );
  const lessonIds: string[] = [];
  for (let i = 0; i < lessons; i += 1) {
    lessonIds.push(
      await addLesson(execute, author, addModule.id, {
        title: `Lesson ${i + 1}`,
        kind: 'CONTENT',
        body: `Text ${i + 1}`,
      }),
    );
  }
  if (publish) {
    await ok(execute, 'mutation ($id: ID!) { publishCourse(id: $id) { id } }', author, {
      id: createCourse.id,
    });
  }
  return { id: createCourse.id, moduleId: addModule.id, lessonIds };
}

export async function addLesson(
  execute: Execute,
  author: Caller,
  moduleId: string,
  input: Record<string, unknown>,
): Promise<string> {
  const { addLesson: lesson } = await ok<{ addLesson: { id: string } }>(
    execute,
    /* GraphQL */ `
      mutation ($moduleId: ID!, $input: LessonInput!) {
        addLesson(moduleId: $moduleId, input: $input) {
          id
        }
      }
    `,
    author,
    { moduleId, input },
  );
  return lesson.id;
}

export const ENROLL = /* GraphQL */ `
  mutation ($courseId: ID!) {
    enroll(courseId: $courseId) {
      id
      status
      cycle
      progress
      completedAt
    }
  }
`;

export const COMPLETE_LESSON = /* GraphQL */ `
  mutation ($lessonId: ID!) {
    completeLesson(lessonId: $lessonId) {
      id
      status
      progress
      completedAt
      grade
      certificate {
        id
        cycle
        verificationCode
        holderName
        grade
        expiresAt
      }
    }
  }
`;

let sequence = 0;

/** An event as another service publishes it, to hand to the harness's transport. */
export function foreignEvent<T extends EventType>(
  type: T,
  producer: Envelope['producer'],
  subject: string,
  payload: PayloadOf<T>,
): Envelope {
  sequence += 1;
  return {
    id: randomUUID(),
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    producer,
    subject,
    sequence,
    payload,
  } as Envelope;
}

export interface QuizCourse extends CourseOutline {
  readonly assessmentId: string;
  /** Ten TRUE_FALSE questions, all answered right by `true`. */
  readonly questionIds: string[];
}

/**
 * A published course whose only required lesson is an assessment of ten
 * one-point questions, so `answersScoring(quiz, 70)` scores 70.
 */
export async function makeQuizCourse(
  execute: Execute,
  author: Caller,
  assessment: Record<string, unknown> = {},
  course: CourseSpec = {},
): Promise<QuizCourse> {
  const outline = await makeCourse(execute, author, { ...course, lessons: 0, publish: false });
  const lessonId = await addLesson(execute, author, outline.moduleId, {
    title: 'Quiz',
    kind: 'ASSESSMENT',
  });
  const { createAssessment } = await ok<{
    createAssessment: { id: string; questions: { id: string }[] };
  }>(
    execute,
    /* GraphQL */ `
      mutation ($lessonId: ID!, $input: AssessmentInput!) {
        createAssessment(lessonId: $lessonId, input: $input) {
          id
          questions {
            id
          }
        }
      }
    `,
    author,
    {
      lessonId,
      input: {
        passMark: 60,
        questions: Array.from({ length: 10 }, (_, i) => ({
          kind: 'TRUE_FALSE',
          prompt: `Statement ${i + 1} holds`,
          correctAnswer: true,
        })),
        ...assessment,
      },
    },
  );
  await ok(execute, 'mutation ($id: ID!) { publishCourse(id: $id) { id } }', author, {
    id: outline.id,
  });
  return {
    ...outline,
    lessonIds: [lessonId],
    assessmentId: createAssessment.id,
    questionIds: createAssessment.questions.map((question) => question.id),
  };
}

/** Answers to the quiz's questions that score `score` (a multiple of 10). */
export function answersScoring(quiz: QuizCourse, score: number) {
  return quiz.questionIds.map((questionId, i) => ({
    questionId,
    choiceIds: [i < score / 10 ? 'true' : 'false'],
  }));
}

export const START_ATTEMPT = /* GraphQL */ `
  mutation ($id: ID!) {
    startAttempt(assessmentId: $id) {
      id
      number
      status
      deadline
    }
  }
`;

export const SUBMIT_ATTEMPT = /* GraphQL */ `
  mutation ($id: ID!, $answers: [AnswerInput!]) {
    submitAttempt(attemptId: $id, answers: $answers) {
      id
      status
      score
      passed
      autoSubmitted
    }
  }
`;

export interface StartedAttempt {
  startAttempt: { id: string; number: number; status: string; deadline: string | null };
}

export interface SubmittedAttempt {
  submitAttempt: { id: string; status: string; score: number; passed: boolean };
}

/** Starts an attempt and submits answers scoring `score`. */
export async function attemptScoring(
  execute: Execute,
  who: Caller,
  quiz: QuizCourse,
  score: number,
): Promise<SubmittedAttempt['submitAttempt']> {
  const { startAttempt } = await ok<StartedAttempt>(execute, START_ATTEMPT, who, {
    id: quiz.assessmentId,
  });
  const { submitAttempt } = await ok<SubmittedAttempt>(execute, SUBMIT_ATTEMPT, who, {
    id: startAttempt.id,
    answers: answersScoring(quiz, score),
  });
  return submitAttempt;
}
