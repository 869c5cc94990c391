import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type RedisClientType, createClient } from '@redis/client';
import { createLogger } from '@weace/service-kit';
import { TotalModel } from '../ledger/total.model';
import { ensureDefaultRules } from '../rules/points-rule.service';
import {
  type EngagementHarness,
  adminCaller,
  eventually,
  personCaller,
  registerPerson,
  startEngagementHarness,
} from '../testing/engagement-harness';
import { LeaderboardProjection } from './leaderboard-projection';

// A real Redis (127.0.0.1:6379); every run writes under its own prefix and removes it.
const REDIS_URL = 'redis://127.0.0.1:6379';
const prefix = `test-${randomUUID()}:`;
const board = `${prefix}engagement:board:ALL`;
let harness: EngagementHarness;
let redis: RedisClientType;
beforeAll(async () => {
  harness = await startEngagementHarness({
    env: { REDIS_URL, REDIS_KEY_PREFIX: prefix },
  });
  redis = createClient({ url: REDIS_URL });
  await redis.connect();
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(keys);
  await redis.quit();
  await harness.stop();
});
beforeEach(async () => {
  await harness.clear();
  await ensureDefaultRules();
});

async function award(userId: string, points: number) {
  await harness.execute(
    'mutation ($id: ID!, $p: Int!) { awardPoints(userId: $id, points: $p, reason: "Help") { id } }',
    { variables: { id: userId, p: points }, caller: adminCaller() },
  );
}

describe('the Redis projection of boards', () => {
  it('holds the absolute committed totals, and serves the board with ties by name and myRank', async () => {
    const [cid, bea, ada] = [
      await registerPerson(harness, { name: 'Cid' }),
      await registerPerson(harness, { name: 'Bea' }),
      await registerPerson(harness, { name: 'Ada' }),
    ];
    await award(cid, 20);
    await award(bea, 30);
    await award(bea, -10);
    await award(ada, 5);
    await eventually(async () => (await redis.zScore(board, bea)) === 20);
    await eventually(async () => (await redis.zScore(board, ada)) === 5);
    // Redis answers the board: the database's copy, zeroed here, is not read for it.
    await TotalModel.updateMany({}, { $set: { points: 0 } });
    const result = await harness.execute<{
      leaderboard: { entries: { rank: number; user: { id: string } }[]; myRank: number };
    }>('{ leaderboard(period: ALL_TIME, first: 2) { entries { rank user { id } } myRank } }', {
      caller: personCaller(ada),
    });
    expect(result.data!.leaderboard).toEqual({
      entries: [
        { rank: 1, user: { id: bea } },
        { rank: 1, user: { id: cid } },
      ],
      myRank: 3,
    });
  });

  it('is rebuilt from the totals when missing, and writing it twice changes nothing', async () => {
    const ann = await registerPerson(harness, { name: 'Ann' });
    await award(ann, 40);
    await eventually(async () => (await redis.zScore(board, ann)) === 40);
    const projection = new LeaderboardProjection(
      redis,
      prefix,
      createLogger({ service: 'test', level: 'silent' }),
    );
    await projection.project(ann);
    await projection.project(ann);
    expect(await redis.zScore(board, ann)).toBe(40);

    await redis.del(board);
    await projection.rebuildMissing();
    const totals = await TotalModel.find({ period: 'ALL' }).lean();
    const members = await redis.zRangeWithScores(board, 0, -1);
    expect(members).toEqual(totals.map((total) => ({ value: total.person, score: total.points })));
  });
});
