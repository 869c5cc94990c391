import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { feedbackSubjectTitle } from '../feedback/feedback-title';
import { Ledger } from '../ledger/ledger.service';
import { ensureDefaultRules } from '../rules/points-rule.service';
import {
  type EngagementHarness,
  adminCaller,
  domainEvent,
  engagementEventBus,
  lessonCompleted,
  newUserId,
  personCaller,
  publishedEvents,
  startEngagementHarness,
} from '../testing/engagement-harness';
import { BadgeAwarder } from './badge-awarder';
import { BadgeAwardModel } from './badge.model';

let harness: EngagementHarness;
beforeAll(async () => {
  harness = await startEngagementHarness();
});
afterAll(() => harness.stop());
beforeEach(async () => {
  await harness.clear();
  await ensureDefaultRules();
});

const DEFINE_BADGE = /* GraphQL */ `
  mutation ($input: BadgeInput!) {
    defineBadge(input: $input) {
      id
      name
    }
  }
`;

async function defineBadge(input: Record<string, unknown>) {
  const result = await harness.execute<{ defineBadge: { id: string } }>(DEFINE_BADGE, {
    variables: { input },
    caller: adminCaller(),
  });
  expect(result.errors).toBeUndefined();
  return result.data!.defineBadge.id;
}

function ledger() {
  const events = engagementEventBus(harness);
  return { events, ledger: new Ledger(events, new BadgeAwarder(events), feedbackSubjectTitle) };
}

describe('badges (rule 5)', () => {
  it('need every criterion with ALL and one with ANY', async () => {
    await defineBadge({
      name: 'Committed',
      criteria: [
        { metric: 'LESSONS_COMPLETED', threshold: 2 },
        { metric: 'COURSES_COMPLETED', threshold: 1 },
      ],
      aggregation: 'ALL',
    });
    await defineBadge({
      name: 'Curious',
      criteria: [
        { metric: 'LESSONS_COMPLETED', threshold: 2 },
        { metric: 'COURSES_COMPLETED', threshold: 1 },
      ],
      aggregation: 'ANY',
    });
    const ann = newUserId();
    const { events, ledger: scoring } = ledger();
    for (const lesson of [lessonCompleted(ann), lessonCompleted(ann)]) {
      await events.withTransaction((session) => scoring.scoreEvent(session, lesson));
    }
    const me = await harness.execute<{ myEngagement: { badges: { name: string }[] } }>(
      '{ myEngagement { badges { name } } }',
      { caller: personCaller(ann) },
    );
    expect(me.data!.myEngagement.badges).toEqual([{ name: 'Curious' }]);
    const awarded = await publishedEvents('badge.awarded');
    expect(awarded.map((event) => event.payload.badgeName)).toEqual(['Curious']);
  });

  it('are awarded once under concurrent events', async () => {
    await defineBadge({
      name: 'First steps',
      criteria: [{ metric: 'LESSONS_COMPLETED', threshold: 1 }],
    });
    const ann = newUserId();
    const { events, ledger: scoring } = ledger();
    const lessons = Array.from({ length: 5 }, () => lessonCompleted(ann));
    await Promise.all(
      lessons.map((lesson) =>
        events.withTransaction((session) => scoring.scoreEvent(session, lesson)),
      ),
    );
    expect(await BadgeAwardModel.countDocuments({ person: ann })).toBe(1);
    expect(await publishedEvents('badge.awarded')).toHaveLength(1);
  });

  it('count a window: three sessions in 30 days', async () => {
    await defineBadge({
      name: 'Coached',
      criteria: [{ metric: 'SESSIONS_COMPLETED', threshold: 3, windowDays: 30 }],
    });
    const { events, ledger: scoring } = ledger();
    const ann = newUserId();
    const completed = (daysAgo: number) =>
      domainEvent(
        'session.completed',
        {
          sessionId: newUserId(),
          coachId: newUserId(),
          coacheeId: ann,
          sessionTypeId: 'type-1',
          sessionTypeName: 'Career coaching',
          startsAt: '2026-01-01T10:00:00.000Z',
          endsAt: '2026-01-01T11:00:00.000Z',
          timeZone: 'UTC',
          ics: { uid: 'uid', sequence: 0 },
        },
        { occurredAt: new Date(Date.now() - daysAgo * 24 * 3600 * 1000).toISOString() },
      );
    for (const event of [completed(60), completed(45), completed(1)]) {
      await events.withTransaction((s) => scoring.scoreEvent(s, event));
    }
    expect(await BadgeAwardModel.countDocuments({ person: ann })).toBe(0);
    for (const event of [completed(10), completed(0)]) {
      await events.withTransaction((s) => scoring.scoreEvent(s, event));
    }
    expect(await BadgeAwardModel.countDocuments({ person: ann })).toBe(1);
  });
});
