import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { engagementDb } from '../db';
import { ensureDefaultRules } from '../rules/points-rule.service';
import {
  type EngagementHarness,
  adminCaller,
  domainEvent,
  eventually,
  newUserId,
  personCaller,
  publish,
  registerPerson,
  startEngagementHarness,
} from '../testing/engagement-harness';

let harness: EngagementHarness;
beforeAll(async () => {
  harness = await startEngagementHarness();
});
afterAll(() => harness.stop());
beforeEach(async () => {
  await harness.clear();
  await ensureDefaultRules();
});

const handled = (eventId: string) => engagementDb.collection('inbox').countDocuments({ eventId });

const REPORT = /* GraphQL */ `
  query ($department: String) {
    engagementAnalytics(
      from: "2026-11-02T00:00:00Z"
      to: "2026-11-16T00:00:00Z"
      groupBy: WEEK
      department: $department
    ) {
      wau
      buckets {
        start
        activeUsers
        completions
      }
    }
  }
`;

interface Report {
  engagementAnalytics: {
    wau: number | null;
    buckets: { start: string; activeUsers: number | null; completions: number | null }[];
  };
}

async function people(count: number, department: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push(await registerPerson(harness, { name: `${department} ${i}`, department }));
  }
  return ids;
}

async function signIn(userId: string, at: string) {
  const event = domainEvent(
    'user.signedIn',
    { subject: `subject-of-${userId}`, email: `${userId}@example.com`, userId, method: 'PASSWORD' },
    { occurredAt: at },
  );
  await publish(harness, event);
  return event;
}

async function completeCourse(userId: string, at: string) {
  const event = domainEvent(
    'course.completed',
    {
      enrollmentId: newUserId(),
      courseId: newUserId(),
      courseTitle: 'Course',
      userId,
      completedAt: at,
      grade: null,
      cycle: 1,
    },
    { occurredAt: at },
  );
  await publish(harness, event);
  return event;
}

async function report(department?: string) {
  const result = await harness.execute<Report>(REPORT, {
    variables: { department },
    caller: adminCaller(),
  });
  expect(result.errors).toBeUndefined();
  return result.data!.engagementAnalytics;
}

describe('engagementAnalytics (rule 10)', () => {
  it('counts active people and completions per week, suppressing groups under 5 and the differences that reveal them', async () => {
    const sales = await people(6, 'Sales');
    const ops = await people(2, 'Ops');
    const events: { id: string }[] = [];
    for (const person of [...sales, ...ops])
      events.push(await signIn(person, '2026-11-03T10:00:00Z'));
    for (const person of sales) events.push(await completeCourse(person, '2026-11-04T10:00:00Z'));
    await eventually(async () => {
      const counts = await Promise.all(events.map((event) => handled(event.id)));
      return counts.every((n) => n >= 1);
    });

    const all = await report();
    expect(all.buckets).toEqual([
      { start: '2026-11-02', activeUsers: 8, completions: 6 },
      { start: '2026-11-09', activeUsers: null, completions: null },
    ]);
    // Ops has 2 people; Sales alone would reveal them as the organisation minus Sales.
    expect((await report('Ops')).buckets[0]).toEqual({
      start: '2026-11-02',
      activeUsers: null,
      completions: null,
    });
    expect((await report('Sales')).buckets[0]!.activeUsers).toBeNull();

    const moreOps = await people(3, 'Ops');
    const more: { id: string }[] = [];
    for (const person of moreOps) more.push(await signIn(person, '2026-11-05T10:00:00Z'));
    await eventually(async () =>
      (await Promise.all(more.map((event) => handled(event.id)))).every((n) => n >= 1),
    );
    expect((await report('Sales')).buckets[0]).toEqual({
      start: '2026-11-02',
      activeUsers: 6,
      completions: 6,
    });
    expect((await report('Ops')).buckets[0]!.activeUsers).toBe(5);
  });

  it("follows a signup cohort's retention and the NPS of feedback per bucket", async () => {
    const cohort = await people(5, 'Sales'); // registered now: this week's cohort
    const now = new Date();
    // Today (UTC, the organisation's default zone) as one daily bucket.
    const from = new Date(now.toISOString().slice(0, 10));
    const to = new Date(now.getTime() + 1000);
    const events: { id: string }[] = [];
    for (const person of cohort.slice(0, 4)) events.push(await signIn(person, now.toISOString()));
    const enrolments: { id: string }[] = [];
    for (const person of cohort) {
      const enrolled = domainEvent('enrollment.created', {
        enrollmentId: newUserId(),
        courseId: 'course-1',
        courseTitle: 'Course',
        userId: person,
        source: 'SELF',
        dueAt: null,
        cycle: 1,
      });
      await publish(harness, enrolled);
      enrolments.push(enrolled);
    }
    await eventually(async () =>
      (await Promise.all([...events, ...enrolments].map((e) => handled(e.id)))).every(
        (n) => n >= 1,
      ),
    );
    for (const [i, person] of cohort.entries()) {
      const score = [10, 10, 9, 5, 8][i];
      const given = await harness.execute(
        `mutation { submitFeedback(input: { subjectType: COURSE, subjectId: "course-1", score: ${score} }) { score } }`,
        { caller: personCaller(person) },
      );
      expect(given.errors).toBeUndefined();
    }
    await eventually(
      async () =>
        (await engagementDb
          .collection('ledger')
          .countDocuments({ activity: 'feedback.submitted' })) === 5,
    );
    const result = await harness.execute<{
      engagementAnalytics: {
        buckets: { nps: number | null }[];
        cohort: { size: number | null; retention: number[] | null };
      };
    }>(
      `query ($from: DateTime!, $to: DateTime!) {
        engagementAnalytics(from: $from, to: $to, groupBy: DAY) {
          buckets { nps }
          cohort { size retention }
        }
      }`,
      { variables: { from, to }, caller: adminCaller() },
    );
    expect(result.errors).toBeUndefined();
    const report = result.data!.engagementAnalytics;
    expect(report.buckets).toEqual([{ nps: 40 }]); // 3 promoters and 1 detractor of 5
    // Feedback credits points, so every one of the cohort was active today.
    expect(report.cohort).toEqual({ size: 5, retention: [1] });
  });

  it('is for ADMIN only [FORBIDDEN]', async () => {
    const result = await harness.execute(REPORT, { caller: personCaller(newUserId()) });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
