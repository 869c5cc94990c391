import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Role } from '@weace/service-kit';
import { engagementDb } from '../db';
import { TotalModel } from '../ledger/total.model';
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
import { FeedbackModel } from './feedback.model';

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

const SUBMIT = /* GraphQL */ `
  mutation ($input: SubmitFeedbackInput!) {
    submitFeedback(input: $input) {
      score
      comment
    }
  }
`;
const SUMMARY = /* GraphQL */ `
  query ($type: FeedbackSubjectType!, $id: ID!) {
    feedbackSummary(subjectType: $type, subjectId: $id) {
      n
      promoters
      passives
      detractors
      nps
    }
  }
`;

async function enrol(userId: string, courseId = 'course-1') {
  const event = domainEvent('enrollment.created', {
    enrollmentId: newUserId(),
    courseId,
    courseTitle: 'Feedback that lands',
    userId,
    source: 'SELF',
    dueAt: null,
    cycle: 1,
  });
  await publish(harness, event);
  await eventually(async () => (await handled(event.id)) === 1);
}

async function book(coacheeId: string, coachId: string) {
  const event = domainEvent('session.booked', {
    sessionId: newUserId(),
    coachId,
    coacheeId,
    sessionTypeId: 'type-1',
    sessionTypeName: 'Career coaching',
    startsAt: '2026-12-10T10:00:00.000Z',
    endsAt: '2026-12-10T11:00:00.000Z',
    timeZone: 'UTC',
    ics: { uid: 'uid', sequence: 0 },
  });
  await publish(harness, event);
  await eventually(async () => (await handled(event.id)) >= 1);
}

function submit(userId: string, input: Record<string, unknown>) {
  return harness.execute(SUBMIT, { variables: { input }, caller: personCaller(userId) });
}

describe('feedback (rule 9)', () => {
  it('is for people who took part: others are FORBIDDEN, unknown subjects NOT_FOUND', async () => {
    const [ann, bob] = [newUserId(), newUserId()];
    await enrol(ann);
    const given = await submit(ann, {
      subjectType: 'COURSE',
      subjectId: 'course-1',
      score: 9,
      comment: 'Great',
    });
    expect(given.data).toEqual({ submitFeedback: { score: 9, comment: 'Great' } });

    const stranger = await submit(bob, { subjectType: 'COURSE', subjectId: 'course-1', score: 3 });
    expect(stranger.errors?.[0]?.extensions).toEqual(
      expect.objectContaining({ code: 'FORBIDDEN', reason: 'NOT_A_PARTICIPANT' }),
    );
    const unknown = await submit(ann, { subjectType: 'EVENT', subjectId: 'nope', score: 3 });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const invalid = await submit(ann, { subjectType: 'COURSE', subjectId: 'course-1', score: 11 });
    expect(invalid.errors?.[0]?.extensions).toEqual(
      expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['score'] }),
    );
    expect(await FeedbackModel.countDocuments()).toBe(1);
  });

  it('is one per person and subject, updated in place, earning its points once', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    await enrol(ann);
    await submit(ann, { subjectType: 'COURSE', subjectId: 'course-1', score: 6 });
    await submit(ann, { subjectType: 'COURSE', subjectId: 'course-1', score: 10 });
    const feedback = await FeedbackModel.find({ person: ann }).lean();
    expect(feedback.map((f) => f.score)).toEqual([10]);
    await eventually(
      async () =>
        (await engagementDb
          .collection('inbox')
          .countDocuments({ consumer: 'engagement-scoring', type: 'feedback.submitted' })) === 2,
    );
    expect((await TotalModel.findById(`ALL:${ann}`).lean())?.points).toBe(5);
  });

  it('summarises NPS with n, withheld under 5 respondents except for ADMIN', async () => {
    const people = Array.from({ length: 5 }, () => newUserId());
    for (const person of people) await enrol(person);
    const scores = [10, 9, 7, 3, 0];
    for (const [i, person] of people.slice(0, 4).entries()) {
      await submit(person, { subjectType: 'COURSE', subjectId: 'course-1', score: scores[i] });
    }
    const variables = { type: 'COURSE', id: 'course-1' };
    const few = await harness.execute(SUMMARY, { variables, caller: personCaller(people[0]!) });
    expect(few.data).toEqual({ feedbackSummary: null });
    const forAdmin = await harness.execute(SUMMARY, { variables, caller: adminCaller() });
    expect(forAdmin.data).toEqual({
      feedbackSummary: { n: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 },
    });
    await submit(people[4]!, { subjectType: 'COURSE', subjectId: 'course-1', score: scores[4] });
    const enough = await harness.execute(SUMMARY, { variables, caller: personCaller(people[0]!) });
    expect(enough.data).toEqual({
      feedbackSummary: { n: 5, promoters: 2, passives: 1, detractors: 2, nps: 0 },
    });
  });

  it("shows a coach their own NPS, nobody else's [FORBIDDEN]", async () => {
    const [coach, other] = [newUserId(), newUserId()];
    const coachees = Array.from({ length: 5 }, () => newUserId());
    for (const coachee of coachees) {
      await book(coachee, coach);
      await submit(coachee, { subjectType: 'COACH', subjectId: coach, score: 10 });
    }
    const variables = { type: 'COACH', id: coach };
    const own = await harness.execute(SUMMARY, {
      variables,
      caller: personCaller(coach, Role.Coach),
    });
    expect(own.data).toEqual({
      feedbackSummary: { n: 5, promoters: 5, passives: 0, detractors: 0, nps: 100 },
    });
    const theirs = await harness.execute(SUMMARY, {
      variables,
      caller: personCaller(other, Role.Coach),
    });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows responses with comments to ADMIN only, without names', async () => {
    const ann = newUserId();
    await enrol(ann);
    await submit(ann, { subjectType: 'COURSE', subjectId: 'course-1', score: 8, comment: 'Long' });
    const query = /* GraphQL */ `
      {
        feedbackResponses(subjectType: COURSE, subjectId: "course-1") {
          totalCount
          edges {
            node {
              score
              comment
            }
          }
        }
      }
    `;
    const admin = await harness.execute(query, { caller: adminCaller() });
    expect(admin.data).toEqual({
      feedbackResponses: { totalCount: 1, edges: [{ node: { score: 8, comment: 'Long' } }] },
    });
    const coach = await harness.execute(query, { caller: personCaller(ann, Role.Coach) });
    expect(coach.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
