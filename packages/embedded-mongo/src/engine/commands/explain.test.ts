import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { engineFixture, type EngineFixture } from '../engine.fixture';

describe('explain', () => {
  let db: EngineFixture;
  beforeEach(async () => {
    db = engineFixture();
    await db.ok({
      insert: 'events',
      documents: Array.from({ length: 50 }, (_, i) => ({ _id: i, org: i % 5, startsAt: i })),
    });
    await db.ok({
      createIndexes: 'events',
      indexes: [{ key: { org: 1, startsAt: 1 }, name: 'org_1_startsAt_1' }],
    });
  });
  afterEach(() => db.close());

  it('shows the index, its bounds and the work done for a find, as mongod does', async () => {
    const reply = await db.ok({
      explain: {
        find: 'events',
        filter: { org: 2, startsAt: { $gte: 20 } },
        sort: { startsAt: -1 },
        limit: 2,
      },
      verbosity: 'executionStats',
    });
    expect(reply).toMatchObject({
      explainVersion: '1',
      queryPlanner: {
        namespace: 'test.events',
        rejectedPlans: [],
        winningPlan: {
          stage: 'LIMIT',
          limitAmount: 2,
          inputStage: {
            stage: 'FETCH',
            inputStage: {
              stage: 'IXSCAN',
              indexName: 'org_1_startsAt_1',
              keyPattern: { org: 1, startsAt: 1 },
              direction: 'backward',
              indexBounds: { org: ['[2, 2]'], startsAt: ['[inf.0, 20]'] },
            },
          },
        },
      },
      executionStats: { nReturned: 2, totalKeysExamined: 2, totalDocsExamined: 2 },
      command: { find: 'events', $db: 'test' },
      ok: 1,
    });
    // The filter is answered by the bounds alone: nothing left for FETCH to test.
    expect(reply.queryPlanner.winningPlan.inputStage.filter).toBeUndefined();
  });

  it('shows a collection scan and an in-memory sort when no index helps, without running at queryPlanner', async () => {
    const reply = await db.ok({
      explain: { find: 'events', filter: { startsAt: { $lt: 3 } }, sort: { startsAt: 1 } },
      verbosity: 'queryPlanner',
    });
    expect(reply.queryPlanner.winningPlan).toMatchObject({
      stage: 'SORT',
      sortPattern: { startsAt: 1 },
      inputStage: { stage: 'COLLSCAN', direction: 'forward' },
    });
    expect(reply.executionStats).toBeUndefined();
  });

  it('explains aggregate (also with explain: true), count and distinct', async () => {
    const pipeline = [{ $match: { org: 1 } }, { $group: { _id: null, n: { $sum: 1 } } }];
    const wrapped = await db.ok({ explain: { aggregate: 'events', pipeline, cursor: {} } });
    expect(wrapped.stages[0].$cursor.queryPlanner.winningPlan.inputStage).toMatchObject({
      stage: 'IXSCAN',
      indexName: 'org_1_startsAt_1',
    });
    expect(wrapped.stages[0].$cursor.executionStats.totalDocsExamined).toBe(10);
    expect(wrapped.stages[1]).toEqual({ $group: { _id: null, n: { $sum: 1 } } });
    const flagged = await db.ok({
      aggregate: 'events',
      pipeline: [{ $match: { org: 1 } }],
      explain: true,
    });
    expect(flagged.queryPlanner.winningPlan.inputStage.stage).toBe('IXSCAN');
    const count = await db.ok({ explain: { count: 'events', query: { org: 3 } } });
    expect(count.queryPlanner.winningPlan).toMatchObject({
      stage: 'COUNT',
      inputStage: { stage: 'FETCH', inputStage: { stage: 'IXSCAN' } },
    });
    const distinct = await db.ok({
      explain: { distinct: 'events', key: 'startsAt', query: { org: 3 } },
    });
    expect(distinct.executionStats.nReturned).toBe(10);
  });

  it('refuses an unknown command and an unknown verbosity [CommandNotFound, FailedToParse]', async () => {
    expect(await db.run({ explain: { hello: 1 } })).toMatchObject({
      ok: 0,
      code: 59,
      codeName: 'CommandNotFound',
    });
    expect(await db.run({ explain: { find: 'events' }, verbosity: 'everything' })).toMatchObject({
      ok: 0,
      code: 9,
      codeName: 'FailedToParse',
    });
  });
});
