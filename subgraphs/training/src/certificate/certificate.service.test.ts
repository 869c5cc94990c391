import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { eventually } from '@weace/test-kit/subgraph';
import {
  COMPLETE_LESSON,
  DAY,
  ENROLL,
  type TrainingHarness,
  admin,
  coach,
  learner,
  makeCourse,
  ok,
  publishedEvents,
  startTrainingHarness,
} from '../testing/training-harness';
import { CertificateModel } from './certificate.model';

let harness: TrainingHarness;
beforeAll(async () => {
  harness = await startTrainingHarness();
});
afterAll(() => harness.stop());

const execute: TrainingHarness['execute'] = (source, options) => harness.execute(source, options);

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

interface Issued {
  id: string;
  verificationCode: string;
  expiresAt: string | null;
}

/** A learner who completed a one-lesson course: their certificate. */
async function certified(spec: { validityDays?: number } = {}) {
  const course = await makeCourse(execute, coach(), { lessons: 1, ...spec });
  const me = learner();
  await ok(execute, ENROLL, me, { courseId: course.id });
  const { completeLesson } = await ok<{ completeLesson: { certificate: Issued } }>(
    execute,
    COMPLETE_LESSON,
    me,
    { lessonId: course.lessonIds[0] },
  );
  return { course, me, certificate: completeLesson.certificate };
}

const verify = async (code: string) =>
  (
    await ok<{ verifyCertificate: Record<string, unknown> }>(
      execute,
      VERIFY,
      { kind: 'anonymous' },
      { code },
    )
  ).verifyCertificate;

describe('verification (rule 7)', () => {
  it('answers anonymous callers with the holder’s name, the course title and the dates only', async () => {
    const { certificate } = await certified();
    const verification = await verify(certificate.verificationCode);
    expect(verification).toEqual({
      status: 'VALID',
      holderName: expect.any(String),
      courseTitle: 'Safety basics',
      issuedAt: expect.any(String),
      expiresAt: null,
    });
  });

  it('answers NOT_FOUND for an unknown or malformed code', async () => {
    expect((await verify('f'.repeat(32))).status).toBe('NOT_FOUND');
    expect((await verify('not a code')).status).toBe('NOT_FOUND');
  });
});

describe('revocation and expiry (rule 8)', () => {
  it('records who revoked and why, publishes certificate.revoked, and verifies as REVOKED', async () => {
    const { certificate } = await certified();
    const by = admin();
    await ok(
      execute,
      'mutation ($id: ID!) { revokeCertificate(id: $id, reason: "Issued in error") { status } }',
      by,
      { id: certificate.id },
    );
    const stored = await CertificateModel.findById(certificate.id).orFail();
    expect(stored).toMatchObject({ revokedBy: by.userId, revocationReason: 'Issued in error' });
    expect((await verify(certificate.verificationCode)).status).toBe('REVOKED');
    const revoked = await publishedEvents('certificate.revoked');
    expect(revoked.find((e) => e.payload.certificateId === certificate.id)?.payload).toMatchObject({
      reason: 'Issued in error',
      revokedBy: by.userId,
    });
    const again = await harness.execute(
      'mutation ($id: ID!) { revokeCertificate(id: $id, reason: "twice") { status } }',
      { caller: by, variables: { id: certificate.id } },
    );
    expect(again.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'ALREADY_REVOKED',
    });
  });

  it('announces expiry 30 and 7 days before, expires, and recertifies into a new cycle', async () => {
    // Issued 400 days back with 365 days' validity: expiry and its notices are all past in real time,
    // so the scheduler runs the notices at once, and they wait for the test's clock.
    harness.clock.set(new Date(Date.now() - 400 * DAY));
    const { course, me, certificate } = await certified({ validityDays: 365 });
    const expiresAt = new Date(certificate.expiresAt!);
    expect(expiresAt.getTime()).toBe(harness.clock.now().getTime() + 365 * DAY);

    const refused = await harness.execute(
      'mutation ($id: ID!) { recertify(courseId: $id) { id } }',
      { caller: me, variables: { id: course.id } },
    );
    expect(refused.errors?.[0]?.extensions).toMatchObject({ reason: 'RECERTIFICATION_NOT_OPEN' });

    harness.clock.set(new Date(expiresAt.getTime() - 7 * DAY));
    await eventually(async () => {
      const expiring = await publishedEvents('certificate.expiring');
      const mine = expiring.filter((e) => e.payload.certificateId === certificate.id);
      return mine.length === 2;
    }, 15_000);
    const notices = (await publishedEvents('certificate.expiring'))
      .filter((e) => e.payload.certificateId === certificate.id)
      .map((e) => e.payload.daysLeft);
    expect(notices.sort()).toEqual([30, 7]);

    const { recertify } = await ok<{
      recertify: { cycle: number; progress: number; status: string };
    }>(execute, 'mutation ($id: ID!) { recertify(courseId: $id) { cycle progress status } }', me, {
      id: course.id,
    });
    expect(recertify).toEqual({ cycle: 2, progress: 0, status: 'ACTIVE' });
    // The earlier certificate stays verifiable until it expires.
    expect((await verify(certificate.verificationCode)).status).toBe('VALID');
    const { completeLesson } = await ok<{
      completeLesson: { certificate: Issued & { cycle: number } };
    }>(execute, COMPLETE_LESSON, me, { lessonId: course.lessonIds[0] });
    expect(completeLesson.certificate.cycle).toBe(2);

    harness.clock.set(new Date(expiresAt.getTime() + 1));
    expect((await verify(certificate.verificationCode)).status).toBe('EXPIRED');
    expect((await verify(completeLesson.certificate.verificationCode)).status).toBe('VALID');
    harness.clock.set(new Date());
  });
});

describe('overdue assignments (rule 9)', () => {
  it('publishes enrollment.overdue once when an assigned enrollment passes its due date', async () => {
    harness.clock.set(new Date(Date.now() - 2 * DAY));
    const course = await makeCourse(execute, coach(), { lessons: 1 });
    const [me, done] = [learner(), learner()];
    const dueAt = new Date(harness.clock.now().getTime() + DAY);
    const { assignCourse } = await ok<{ assignCourse: { source: string; dueAt: string }[] }>(
      execute,
      /* GraphQL */ `
        mutation ($courseId: ID!, $userIds: [ID!]!, $dueAt: DateTime) {
          assignCourse(courseId: $courseId, userIds: $userIds, dueAt: $dueAt) {
            source
            dueAt
          }
        }
      `,
      admin(),
      { courseId: course.id, userIds: [me.userId, done.userId], dueAt: dueAt.toISOString() },
    );
    expect(assignCourse).toEqual([
      { source: 'ASSIGNED', dueAt: dueAt.toISOString() },
      { source: 'ASSIGNED', dueAt: dueAt.toISOString() },
    ]);
    const created = await publishedEvents('enrollment.created');
    expect(created.find((e) => e.payload.userId === me.userId)?.payload.dueAt).toBe(
      dueAt.toISOString(),
    );
    await ok(execute, COMPLETE_LESSON, done, { lessonId: course.lessonIds[0] });

    harness.clock.set(new Date(dueAt.getTime() + 1));
    const overdueOf = async (userId: string) =>
      (await publishedEvents('enrollment.overdue')).filter((e) => e.payload.userId === userId);
    await eventually(async () => (await overdueOf(me.userId)).length > 0, 15_000);
    expect(await overdueOf(me.userId)).toHaveLength(1);
    expect(await overdueOf(done.userId)).toHaveLength(0);
    harness.clock.set(new Date());
  });
});
