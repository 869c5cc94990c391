import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { engagementDb } from '../db';
import { PointsRuleModel } from '../rules/points-rule.model';
import { ensureDefaultRules } from '../rules/points-rule.service';
import {
  type EngagementHarness,
  adminCaller,
  eventually,
  lessonCompleted,
  personCaller,
  publish,
  publishedEvents,
  registerPerson,
  startEngagementHarness,
} from '../testing/engagement-harness';
import { EntryKind, LedgerEntryModel } from './ledger-entry.model';
import { TotalModel } from './total.model';
import { totalsFromLedger } from './totals-rebuild';

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

const admin = adminCaller();

async function pointsOf(person: string): Promise<number> {
  return (await TotalModel.findById(`ALL:${person}`).lean())?.points ?? 0;
}

const DEFINE_RULE = /* GraphQL */ `
  mutation ($input: PointsRuleInput!) {
    definePointsRule(input: $input) {
      id
      points
      version
    }
  }
`;

describe('totals (rule 3)', () => {
  it('are sums of the ledger: a rebuild from the ledger equals the incremental totals', async () => {
    const [ann, bob] = [
      await registerPerson(harness, { name: 'Ann' }),
      await registerPerson(harness, { name: 'Bob' }),
    ];
    const lessons = [
      lessonCompleted(ann, { completedAt: '2026-11-30T10:00:00.000Z' }),
      lessonCompleted(ann, { completedAt: '2026-12-03T10:00:00.000Z' }),
      lessonCompleted(bob, { completedAt: '2026-12-31T23:30:00.000Z' }),
    ];
    await publish(harness, ...lessons);
    await eventually(async () => (await handled(lessons[2]!.id)) === 1);
    await harness.execute(
      'mutation ($id: ID!) { awardPoints(userId: $id, points: -4, reason: "Duplicate") { id } }',
      { variables: { id: bob }, caller: admin },
    );
    const incremental = new Map(
      (await TotalModel.find().lean()).map((total) => [total._id, total.points]),
    );
    expect(await totalsFromLedger()).toEqual(incremental);
    expect(incremental.get(`ALL:${bob}`)).toBe(6);
    expect(incremental.get(`W2026-11-30:${ann}`)).toBe(20);
    expect(incremental.get(`M2026-11:${ann}`)).toBe(10);
  });

  it('follow a changed rule only for future credit, until recomputePoints corrects the past once', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const before = [lessonCompleted(ann), lessonCompleted(ann)];
    await publish(harness, ...before);
    await eventually(async () => (await pointsOf(ann)) === 20);

    const rule = await PointsRuleModel.findOne({ eventType: 'lesson.completed' }).lean();
    const changed = await harness.execute<{ definePointsRule: { version: number } }>(DEFINE_RULE, {
      variables: {
        input: {
          id: rule!._id.toHexString(),
          name: rule!.name,
          eventType: 'LESSON_COMPLETED',
          points: 15,
        },
      },
      caller: admin,
    });
    expect(changed.data?.definePointsRule.version).toBe(2);
    const after = lessonCompleted(ann);
    await publish(harness, after);
    await eventually(async () => (await pointsOf(ann)) === 35);

    const recompute = 'mutation ($id: ID!) { recomputePoints(ruleId: $id) { corrections points } }';
    const variables = { id: rule!._id.toHexString() };
    const [first, concurrent] = await Promise.all([
      harness.execute(recompute, { variables, caller: admin }),
      harness.execute(recompute, { variables, caller: admin }),
    ]);
    const written = [first, concurrent].map(
      (result) => (result.data as { recomputePoints: { corrections: number } }).recomputePoints,
    );
    expect(written.reduce((sum, w) => sum + w.corrections, 0)).toBe(2);
    const again = await harness.execute(recompute, { variables, caller: admin });
    expect(again.data).toEqual({ recomputePoints: { corrections: 0, points: 0 } });

    expect(await pointsOf(ann)).toBe(45);
    const entries = await LedgerEntryModel.find({ person: ann }).sort({ _id: 1 }).lean();
    // The original credits stay as written; two compensating entries follow.
    expect(entries.map((entry) => [entry.kind, entry.points])).toEqual([
      [EntryKind.RULE, 10],
      [EntryKind.RULE, 10],
      [EntryKind.RULE, 15],
      [EntryKind.CORRECTION, 5],
      [EntryKind.CORRECTION, 5],
    ]);
    expect(entries[3]!.reason).toBe("Correction: 'Lesson completed' now gives 15 points");
  });

  it('refuses recompute and awards to anyone but ADMIN [FORBIDDEN]', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const result = await harness.execute(
      'mutation ($id: ID!) { awardPoints(userId: $id, points: 5, reason: "Me") { id } }',
      { variables: { id: ann }, caller: personCaller(ann) },
    );
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await LedgerEntryModel.countDocuments()).toBe(0);
  });

  it('refuses an award of 0 points naming the field [BAD_USER_INPUT]', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const result = await harness.execute(
      'mutation ($id: ID!) { awardPoints(userId: $id, points: 0, reason: "Nothing") { id } }',
      { variables: { id: ann }, caller: admin },
    );
    expect(result.errors?.[0]?.extensions).toEqual(
      expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['points'] }),
    );
  });
});

describe('levels (rule 4)', () => {
  it('publish level.reached once per level crossed, in order; a lowered total publishes nothing', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const award = (points: number) =>
      harness.execute(
        'mutation ($id: ID!, $p: Int!) { awardPoints(userId: $id, points: $p, reason: "Mentoring") { points } }',
        { variables: { id: ann, p: points }, caller: admin },
      );
    await award(300);
    await award(-250);
    await award(60);
    const reached = await publishedEvents('level.reached');
    expect(reached.map((event) => [event.payload.level, event.payload.levelName])).toEqual([
      [2, 'Explorer'],
      [3, 'Achiever'],
    ]);
    const me = await harness.execute(
      '{ myEngagement { points level { number name pointsToNext } } }',
      {
        caller: personCaller(ann),
      },
    );
    expect(me.data).toEqual({
      myEngagement: { points: 110, level: { number: 2, name: 'Explorer', pointsToNext: 140 } },
    });
  });
});
