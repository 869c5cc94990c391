import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { engagementDb } from '../db';
import { PointsRuleModel } from '../rules/points-rule.model';
import { ensureDefaultRules } from '../rules/points-rule.service';
import {
  type EngagementHarness,
  eventually,
  lessonCompleted,
  publish,
  registerPerson,
  startEngagementHarness,
} from '../testing/engagement-harness';
import { LedgerEntryModel } from './ledger-entry.model';

let harness: EngagementHarness;
beforeAll(async () => {
  harness = await startEngagementHarness();
});
afterAll(() => harness.stop());
beforeEach(async () => {
  await harness.clear();
  await ensureDefaultRules();
});

const handled = (eventId: string) =>
  engagementDb.collection('inbox').countDocuments({ consumer: 'engagement-scoring', eventId });

describe('caps (rule 2)', () => {
  it("stop credit past the daily cap, days taken in the person's zone; capped entries are not written", async () => {
    await PointsRuleModel.updateOne({ eventType: 'lesson.completed' }, { $set: { capPerDay: 2 } });
    const ann = await registerPerson(harness, { name: 'Ann', timeZone: 'Pacific/Auckland' });
    // 1 December in UTC throughout, but Auckland (UTC+13) sees the 1st at 10:00 and the 2nd after 11:00.
    const lessons = [
      lessonCompleted(ann, { completedAt: '2026-12-01T10:00:00.000Z' }),
      lessonCompleted(ann, { completedAt: '2026-12-01T20:00:00.000Z' }),
      lessonCompleted(ann, { completedAt: '2026-12-01T21:00:00.000Z' }),
      lessonCompleted(ann, { completedAt: '2026-12-01T22:00:00.000Z' }),
    ];
    await publish(harness, ...lessons);
    await eventually(async () => (await handled(lessons[3]!.id)) === 1);
    const entries = await LedgerEntryModel.find({ person: ann }).sort({ occurredAt: 1 }).lean();
    expect(entries.map((entry) => entry.occurredAt.toISOString())).toEqual([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T20:00:00.000Z',
      '2026-12-01T21:00:00.000Z',
    ]);
  });

  it('stop credit past the weekly cap', async () => {
    await PointsRuleModel.updateOne({ eventType: 'lesson.completed' }, { $set: { capPerWeek: 1 } });
    const ann = await registerPerson(harness, { name: 'Ann', timeZone: 'Europe/Paris' });
    const lessons = [
      lessonCompleted(ann, { completedAt: '2026-12-07T09:00:00.000Z' }), // Monday
      lessonCompleted(ann, { completedAt: '2026-12-13T20:00:00.000Z' }), // Sunday, same week
      lessonCompleted(ann, { completedAt: '2026-12-13T23:30:00.000Z' }), // Monday 00:30 in Paris
    ];
    await publish(harness, ...lessons);
    await eventually(async () => (await handled(lessons[2]!.id)) === 1);
    expect(await LedgerEntryModel.countDocuments({ person: ann })).toBe(2);
  });
});
