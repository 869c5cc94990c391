import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { engagementDb } from '../db';
import { ensureDefaultRules } from '../rules/points-rule.service';
import {
  type EngagementHarness,
  domainEvent,
  eventually,
  lessonCompleted,
  personCaller,
  publish,
  registerPerson,
  startEngagementHarness,
  testClock,
} from '../testing/engagement-harness';

const clock = testClock('2026-03-30T10:00:00.000Z');
let harness: EngagementHarness;
beforeAll(async () => {
  harness = await startEngagementHarness({ now: clock.now });
});
afterAll(() => harness.stop());
beforeEach(async () => {
  await harness.clear();
  await ensureDefaultRules();
});

const handled = (eventId: string) => engagementDb.collection('inbox').countDocuments({ eventId });

async function streaks(person: string) {
  const result = await harness.execute<{
    myEngagement: { currentStreak: number; longestStreak: number };
  }>('{ myEngagement { currentStreak longestStreak } }', { caller: personCaller(person) });
  return result.data!.myEngagement;
}

describe('streaks (rule 6)', () => {
  it("count local days in the person's zone across a DST change", async () => {
    clock.set('2026-03-30T10:00:00.000Z');
    const ann = await registerPerson(harness, { name: 'Ann', timeZone: 'Europe/London' });
    // London moves to BST on 29 March: 23:30 UTC that day is 00:30 on the 30th there.
    const lessons = [
      lessonCompleted(ann, { completedAt: '2026-03-28T12:00:00.000Z' }),
      lessonCompleted(ann, { completedAt: '2026-03-29T12:00:00.000Z' }),
      lessonCompleted(ann, { completedAt: '2026-03-29T23:30:00.000Z' }),
    ];
    await publish(harness, ...lessons);
    await eventually(async () => (await handled(lessons[2]!.id)) > 0);
    expect(await streaks(ann)).toEqual({ currentStreak: 3, longestStreak: 3 });
  });

  it('keep the days already counted when the person changes zone', async () => {
    clock.set('2026-06-02T05:00:00.000Z');
    const bob = await registerPerson(harness, { name: 'Bob', timeZone: 'America/Los_Angeles' });
    const inLosAngeles = lessonCompleted(bob, { completedAt: '2026-06-02T01:00:00.000Z' }); // 1 June there
    await publish(harness, inLosAngeles);
    await eventually(async () => (await handled(inLosAngeles.id)) > 0);
    const moved = domainEvent(
      'user.updated',
      {
        user: {
          id: bob,
          subject: `subject-of-${bob}`,
          email: `${bob}@example.com`,
          name: 'Bob',
          locale: null,
          timeZone: 'Asia/Tokyo',
          department: null,
          roles: ['LEARNER'],
          status: 'ACTIVE',
        },
        changed: ['timeZone'],
      },
      { subject: bob },
    );
    const inTokyo = lessonCompleted(bob, { completedAt: '2026-06-02T01:30:00.000Z' }); // 2 June there
    await publish(harness, moved);
    await eventually(async () => (await handled(moved.id)) > 0);
    await publish(harness, inTokyo);
    await eventually(async () => (await handled(inTokyo.id)) > 0);
    expect(await streaks(bob)).toEqual({ currentStreak: 2, longestStreak: 2 });
  });
});
