import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { BadgeAwardModel } from '../badges/badge.model';
import { engagementDb } from '../db';
import { FeedbackModel } from '../feedback/feedback.model';
import { LedgerEntryModel } from '../ledger/ledger-entry.model';
import { TotalModel } from '../ledger/total.model';
import { ensureDefaultRules } from '../rules/points-rule.service';
import {
  type EngagementHarness,
  adminCaller,
  domainEvent,
  eventually,
  lessonCompleted,
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

describe('user.deleted (rule 11)', () => {
  it("anonymises the person's ledger and feedback: sums stay, no link to them remains", async () => {
    const ann = await registerPerson(harness, { name: 'Ann', department: 'Sales' });
    const enrolled = domainEvent('enrollment.created', {
      enrollmentId: 'e-1',
      courseId: 'course-1',
      courseTitle: 'Feedback that lands',
      userId: ann,
      source: 'SELF',
      dueAt: null,
      cycle: 1,
    });
    const lesson = lessonCompleted(ann);
    await publish(harness, enrolled, lesson);
    await eventually(
      async () => (await handled(lesson.id)) >= 1 && (await handled(enrolled.id)) >= 1,
    );
    await harness.execute(
      'mutation { submitFeedback(input: { subjectType: COURSE, subjectId: "course-1", score: 9 }) { score } }',
      { caller: personCaller(ann) },
    );
    await eventually(async () => (await LedgerEntryModel.countDocuments()) === 2);
    const pointsBefore = await LedgerEntryModel.aggregate([
      { $group: { _id: null, sum: { $sum: '$points' } } },
    ]);

    const deleted = domainEvent('user.deleted', { userId: ann }, { subject: ann });
    await publish(harness, deleted);
    await eventually(async () => (await handled(deleted.id)) >= 1);

    expect(await LedgerEntryModel.countDocuments({ person: ann })).toBe(0);
    expect(await FeedbackModel.countDocuments({ person: ann })).toBe(0);
    expect(await BadgeAwardModel.countDocuments({ person: ann })).toBe(0);
    expect(await TotalModel.countDocuments({ person: ann })).toBe(0);
    const pointsAfter = await LedgerEntryModel.aggregate([
      { $group: { _id: null, sum: { $sum: '$points' } } },
    ]);
    expect(pointsAfter).toEqual(pointsBefore);
    const summary = await harness.execute(
      '{ feedbackSummary(subjectType: COURSE, subjectId: "course-1") { n } }',
      { caller: adminCaller() },
    );
    expect(summary.data).toEqual({ feedbackSummary: { n: 1 } });

    // Late news of the deleted person credits nothing.
    const late = lessonCompleted(ann);
    await publish(harness, late);
    await eventually(async () => (await handled(late.id)) >= 1);
    expect(await LedgerEntryModel.countDocuments({ person: ann })).toBe(0);
  });
});

describe('User.engagement', () => {
  it('resolves a list of people with the same few queries as one, streaks only for themself', async () => {
    const people = Array.from({ length: 20 }, () => newUserId());
    for (const id of people.slice(0, 3)) await registerPerson(harness, { name: 'P', id });
    for (const person of people.slice(0, 3)) {
      await harness.execute(
        'mutation ($id: ID!) { awardPoints(userId: $id, points: 120, reason: "Help") { id } }',
        { variables: { id: person }, caller: adminCaller() },
      );
    }
    const commands = harness.recordCommands();
    const result = await harness.execute<{
      _entities: {
        engagement: { points: number; level: { name: string }; currentStreak: number | null };
      }[];
    }>(
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on User {
              engagement {
                points
                level {
                  name
                }
                currentStreak
              }
            }
          }
        }
      `,
      {
        variables: { representations: people.map((id) => ({ __typename: 'User', id })) },
        caller: personCaller(people[0]!),
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities[0]!.engagement).toEqual({
      points: 120,
      level: { name: 'Explorer' },
      currentStreak: 1,
    });
    expect(result.data!._entities[1]!.engagement.currentStreak).toBeNull();
    expect(result.data!._entities[19]!.engagement.points).toBe(0);
    expect(commands.sent('find', 'totals')).toBe(1);
    expect(commands.sent('find', 'active_days')).toBe(1);
    expect(commands.sent('find', 'badge_awards')).toBe(1);
  });
});
