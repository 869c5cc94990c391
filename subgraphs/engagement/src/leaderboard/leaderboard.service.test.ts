import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { ensureDefaultRules } from '../rules/points-rule.service';
import { SettingsModel } from '../settings/settings.model';
import {
  type EngagementHarness,
  adminCaller,
  personCaller,
  registerPerson,
  startEngagementHarness,
  testClock,
} from '../testing/engagement-harness';

// Monday 7 December 2026, 00:30 in Paris; still Sunday in UTC.
const clock = testClock('2026-12-06T23:30:00.000Z');
let harness: EngagementHarness;
beforeAll(async () => {
  harness = await startEngagementHarness({ now: clock.now });
});
afterAll(() => harness.stop());
beforeEach(async () => {
  await harness.clear();
  await ensureDefaultRules();
  await SettingsModel.create({ _id: 'organisation', timeZone: 'Europe/Paris' });
});

const BOARD = /* GraphQL */ `
  query ($period: LeaderboardPeriod!, $department: String, $first: Int) {
    leaderboard(period: $period, department: $department, first: $first) {
      entries {
        rank
        user {
          id
        }
        points
      }
      myRank
      withheld
    }
  }
`;

interface BoardResult {
  leaderboard: {
    entries: { rank: number; user: { id: string }; points: number }[];
    myRank: number | null;
    withheld: boolean;
  };
}

async function award(userId: string, points: number, at?: string) {
  if (at) clock.set(at);
  const result = await harness.execute(
    'mutation ($id: ID!, $p: Int!) { awardPoints(userId: $id, points: $p, reason: "Help") { id } }',
    { variables: { id: userId, p: points }, caller: adminCaller() },
  );
  expect(result.errors).toBeUndefined();
  clock.set('2026-12-06T23:30:00.000Z');
}

async function board(as: string, variables: Record<string, unknown>) {
  const result = await harness.execute<BoardResult>(BOARD, { variables, caller: personCaller(as) });
  expect(result.errors).toBeUndefined();
  return result.data!.leaderboard;
}

describe('leaderboards (rule 7)', () => {
  it('rank ties together (1, 2, 2, 4), tied people by name', async () => {
    const dan = await registerPerson(harness, { name: 'Dan' });
    const cid = await registerPerson(harness, { name: 'Cid' });
    const bea = await registerPerson(harness, { name: 'Bea' });
    const ada = await registerPerson(harness, { name: 'Ada' });
    await award(dan, 30);
    await award(cid, 20);
    await award(bea, 20);
    await award(ada, 10);
    const all = await board(ada, { period: 'ALL_TIME' });
    expect(all.entries.map((e) => [e.rank, e.user.id, e.points])).toEqual([
      [1, dan, 30],
      [2, bea, 20],
      [2, cid, 20],
      [4, ada, 10],
    ]);
    expect(all.myRank).toBe(4);
  });

  it("rank points earned inside the week, which starts on Monday in the organisation's zone", async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const bob = await registerPerson(harness, { name: 'Bob' });
    await award(ann, 100, '2026-12-06T22:50:00.000Z'); // Sunday 23:50 in Paris: last week
    await award(bob, 5, '2026-12-06T23:10:00.000Z'); // Monday 00:10 in Paris: this week
    const week = await board(ann, { period: 'WEEK' });
    expect(week.entries.map((e) => [e.user.id, e.points])).toEqual([[bob, 5]]);
    expect(week.myRank).toBeNull();
    const month = await board(ann, { period: 'MONTH' });
    expect(month.entries.map((e) => [e.user.id, e.points])).toEqual([
      [ann, 100],
      [bob, 5],
    ]);
  });

  it('answers myRank with one count, without reading the board', async () => {
    const people = [];
    for (let i = 0; i < 6; i += 1) people.push(await registerPerson(harness, { name: `P${i}` }));
    for (const [i, person] of people.entries()) await award(person, 10 * (i + 1));
    const commands = harness.recordCommands();
    const top = await board(people[0]!, { period: 'ALL_TIME', first: 1 });
    expect(top.entries).toHaveLength(1);
    expect(top.myRank).toBe(6);
    // countDocuments is an aggregation: the people above the caller.
    expect(commands.sent('aggregate', 'totals')).toBe(1);
    expect(commands.sent('find', 'totals')).toBe(2); // the top page, and the caller's own total
  });

  it('leave out people who opted out', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    const bob = await registerPerson(harness, { name: 'Bob' });
    await award(ann, 10);
    await award(bob, 20);
    const optOut = await harness.execute('mutation { setLeaderboardOptOut(optOut: true) }', {
      caller: personCaller(bob),
    });
    expect(optOut.data).toEqual({ setLeaderboardOptOut: true });
    await award(bob, 5);
    const all = await board(bob, { period: 'ALL_TIME' });
    expect(all.entries.map((e) => e.user.id)).toEqual([ann]);
    expect(all.myRank).toBeNull();
    expect((await board(ann, { period: 'ALL_TIME' })).myRank).toBe(1);
  });

  it('withhold a department board of fewer than 5 people who have not opted out', async () => {
    const sales = [];
    for (let i = 0; i < 5; i += 1) {
      sales.push(await registerPerson(harness, { name: `S${i}`, department: 'Sales' }));
    }
    for (const person of sales) await award(person, 10);
    const shown = await board(sales[0]!, { period: 'ALL_TIME', department: 'Sales' });
    expect(shown.withheld).toBe(false);
    expect(shown.entries).toHaveLength(5);

    await harness.execute('mutation { setLeaderboardOptOut(optOut: true) }', {
      caller: personCaller(sales[4]!),
    });
    const hidden = await board(sales[0]!, { period: 'ALL_TIME', department: 'Sales' });
    expect(hidden).toEqual({ entries: [], myRank: null, withheld: true });
  });
});

describe('an unknown caller', () => {
  it('gets a board without a rank', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    await award(ann, 10);
    const result = await board('65f000000000000000000001', { period: 'ALL_TIME' });
    expect(result.myRank).toBeNull();
  });
});
