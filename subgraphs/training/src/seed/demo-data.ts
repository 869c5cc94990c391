import { type DemoProfile, type PeopleDirectory, Role } from '@weace/service-kit';
import type { Actor } from '../caller';
import type { Clock } from '../clock';
import type { AssessmentService } from '../assessment/assessment.service';
import type { AttemptService } from '../attempt/attempt.service';
import { GradingMethod, QuestionKind } from '../assessment/assessment.model';
import type { ContentService } from '../content/content.service';
import { LessonKind } from '../content/content.model';
import { CourseModel } from '../course/course.model';
import type { CourseService } from '../course/course.service';
import type { EnrollmentService } from '../enrollment/enrollment.service';

/** The demo certificate's code, which the README verifies. */
export const DEMO_CERTIFICATE_CODE = 'c0ffee00000000000000000000000001';

export interface TrainingServices {
  readonly courses: CourseService;
  readonly content: ContentService;
  readonly assessments: AssessmentService;
  readonly attempts: AttemptService;
  readonly enrollments: EnrollmentService;
  readonly now: Clock;
  readonly people: PeopleDirectory;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo people reach training through `user.registered`, asynchronously:
 * certificates carry the holder's name, so seeding waits for them (10 s at most).
 */
async function peopleKnown(people: PeopleDirectory, ids: readonly string[]): Promise<void> {
  const until = Date.now() + 10_000;
  while ((await people.findMany(ids)).length < ids.length && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const actor = (person: DemoProfile): Actor => ({ userId: person.userId, roles: person.roles });

/**
 * Two published courses through the services (so every event is published):
 * a leadership course with a graded assessment, and a security compliance
 * course with certificate validity, assigned to the demo learners with a due
 * date. Liam has made progress; Mia holds the README's certificate. Nothing
 * happens when training has courses already.
 */
export async function seedTrainingDemo(
  services: TrainingServices,
  people: readonly DemoProfile[],
): Promise<void> {
  if (await CourseModel.exists({})) return;
  const { courses, content, assessments, attempts, enrollments, now } = services;
  const admin = people.find((person) => person.roles.includes(Role.Admin));
  const coach = people.find((person) => person.roles.includes(Role.Coach));
  const learners = people.filter((person) => person.roles.every((role) => role === Role.Learner));
  const [liam, mia] = learners;
  if (!admin || !coach || !liam || !mia) return;
  await peopleKnown(services.people, [mia.userId]);

  const leadership = await courses.create(actor(coach), {
    code: 'LEAD-101',
    title: 'Leadership Foundations',
    summary: 'Feedback, delegation and one-to-ones for new managers.',
  });
  const basics = await content.addModule(actor(coach), leadership.id as string, {
    title: 'Giving feedback',
  });
  const reading = await content.addLesson(actor(coach), basics.id as string, {
    title: 'The SBI model',
    kind: LessonKind.CONTENT,
    body: 'Situation, Behaviour, Impact: describe what happened, not who the person is.',
  });
  await content.addLesson(actor(coach), basics.id as string, {
    title: 'Feedback in practice',
    kind: LessonKind.CONTENT,
    videoUrl: 'https://videos.weace.dev/feedback-in-practice.mp4',
  });
  const practice = await content.addModule(actor(coach), leadership.id as string, {
    title: 'Check your understanding',
  });
  const quizLesson = await content.addLesson(actor(coach), practice.id as string, {
    title: 'Feedback quiz',
    kind: LessonKind.ASSESSMENT,
  });
  const quiz = await assessments.create(actor(coach), quizLesson.id as string, {
    passMark: 70,
    maxAttempts: 3,
    timeLimitMinutes: 15,
    gradingMethod: GradingMethod.HIGHEST,
    questions: [
      {
        kind: QuestionKind.SINGLE_CHOICE,
        prompt: 'What does the B in SBI stand for?',
        choices: [
          { text: 'Belief', correct: false },
          { text: 'Behaviour', correct: true },
          { text: 'Benefit', correct: false },
        ],
      },
      {
        kind: QuestionKind.TRUE_FALSE,
        prompt: 'Feedback works best long after the event.',
        correctAnswer: false,
      },
      {
        kind: QuestionKind.SHORT_ANSWER,
        prompt: 'Name the meeting where a manager and report talk privately and regularly.',
        acceptedAnswers: ['one-to-one', 'one to one', '1:1'],
      },
    ],
  });
  await courses.publish(actor(coach), leadership.id as string);

  const security = await courses.create(actor(admin), {
    code: 'SEC-100',
    title: 'Information Security Essentials',
    summary: 'The yearly compliance course: phishing, passwords and data handling.',
    validityDays: 365,
  });
  const essentials = await content.addModule(actor(admin), security.id as string, {
    title: 'Essentials',
  });
  const securityLessons = [];
  for (const [title, body] of [
    ['Spotting phishing', 'Check the sender, hover before you click, report anything odd.'],
    ['Passwords and MFA', 'Use the password manager and keep multi-factor authentication on.'],
  ] as const) {
    securityLessons.push(
      await content.addLesson(actor(admin), essentials.id as string, {
        title,
        kind: LessonKind.CONTENT,
        body,
      }),
    );
  }
  await courses.publish(actor(admin), security.id as string);
  await enrollments.assign(
    admin.userId,
    security.id as string,
    learners.map((person) => person.userId),
    new Date(now().getTime() + 30 * DAY_MS),
  );

  // Liam is under way in leadership, with a first (failed) attempt at the quiz.
  await enrollments.enroll(liam.userId, leadership.id as string);
  await enrollments.completeLesson(liam.userId, reading.id as string);
  const attempt = await attempts.start(liam.userId, quiz.id as string);
  await attempts.submit(liam.userId, attempt.id as string, [
    { questionId: quiz.questions[0]!.id, choiceIds: ['b'] },
  ]);

  // Mia completed the compliance course: the README verifies her certificate.
  for (const [i, lesson] of securityLessons.entries()) {
    await enrollments.completeLesson(
      mia.userId,
      lesson.id as string,
      i === securityLessons.length - 1 ? DEMO_CERTIFICATE_CODE : undefined,
    );
  }
}
