import { parseArgs } from 'node:util';
import { type RedisClientType, createClient } from '@redis/client';
import { createLogger } from '@weace/service-kit';
import { Types } from 'mongoose';
import { engagementDb } from '../db';
import { LeaderboardProjection } from '../leaderboard/leaderboard-projection';
import { EntryKind, LedgerEntryModel } from '../ledger/ledger-entry.model';
import { TotalModel, totalId } from '../ledger/total.model';
import { totalsFromLedger } from '../ledger/totals-rebuild';
import { ParticipantModel } from '../people/participant.model';
import { PointsRuleModel } from '../rules/points-rule.model';
import { periodKeys } from '../time/calendar';
import {
  adminCaller,
  lessonCompleted,
  personCaller,
  publish,
  startEngagementHarness,
} from '../testing/engagement-harness';

/**
 * Figures for engagement (no pass/fail), through the subgraph's HTTP on the
 * embedded engine, and through Redis when REDIS_URL is set:
 *
 *   npm run bench -w @weace/engagement -- --people 100000 --entries 1000000
 *   REDIS_URL=redis://127.0.0.1:6379 npm run bench -w @weace/engagement
 *
 * Defaults are the size (100,000 people, 1,000,000 ledger entries);
 * smaller sizes run in seconds.
 */
const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '100000' },
    entries: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '200' },
    events: { type: 'string', default: '2000' },
  },
});
const PEOPLE = Number(values.people);
const ENTRIES = Number(values.entries);
const SAMPLES = Number(values.samples);
const EVENTS = Number(values.events);
const BATCH = 5_000;
const DAY_MS = 24 * 3600 * 1000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = process.hrtime.bigint();
  const result = await work();
  return [result, Number(process.hrtime.bigint() - started) / 1e6];
}

const personId = (i: number) => new Types.ObjectId(i.toString(16).padStart(24, '0')).toHexString();

/** People, their ledger over the last 60 days, and the totals it adds up to (as credits leave them). */
async function load(now: Date): Promise<void> {
  // Each entry is credited by the default rule for its points, so recompute finds nothing to correct.
  const rules = await PointsRuleModel.find({ points: { $in: [10, 30, 100] } }).lean();
  const ruleFor = new Map(rules.map((rule) => [rule.points, rule]));
  for (let from = 0; from < PEOPLE; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, PEOPLE - from) }, (_, k) => ({
      _id: personId(from + k),
      name: `Person ${String(from + k).padStart(6, '0')}`,
      department: `Department ${(from + k) % 50}`,
      timeZone: null,
      optedOut: false,
      levelReached: 1,
      registeredAt: null,
      deleted: false,
      credits: 0,
    }));
    await ParticipantModel.insertMany(batch, { lean: true });
  }
  const totals = new Map<string, { period: string; person: string; points: number }>();
  for (let from = 0; from < ENTRIES; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, ENTRIES - from) }, (_, k) => {
      const person = personId(Math.floor(Math.random() * PEOPLE));
      const occurredAt = new Date(now.getTime() - Math.random() * 60 * DAY_MS);
      const points = [10, 30, 100][Math.floor(Math.random() * 3)]!;
      for (const period of Object.values(periodKeys(occurredAt, 'UTC', 1))) {
        const id = totalId(period, person);
        const total = totals.get(id) ?? { period, person, points: 0 };
        total.points += points;
        totals.set(id, total);
      }
      return {
        person,
        points,
        kind: EntryKind.RULE,
        rule: ruleFor.get(points)!._id,
        activity: ruleFor.get(points)!.eventType,
        reason: "Completed lesson 'Bench'",
        subject: { kind: 'LESSON', id: `lesson-${from + k}`, title: 'Bench' },
        subjectKey: `LESSON:lesson-${from + k}`,
        sourceEventId: null,
        occurredAt,
      };
    });
    await LedgerEntryModel.insertMany(batch, { lean: true });
  }
  const rows = [...totals.entries()].map(([id, total]) => ({
    _id: id,
    ...total,
    name: `Person ${String(parseInt(total.person, 16)).padStart(6, '0')}`,
    department: `Department ${parseInt(total.person, 16) % 50}`,
    optedOut: false,
  }));
  for (let from = 0; from < rows.length; from += BATCH) {
    await TotalModel.insertMany(rows.slice(from, from + BATCH), { lean: true });
  }
}

async function main() {
  const redisUrl = process.env.REDIS_URL;
  const prefix = `bench-${Date.now()}:`;
  const harness = await startEngagementHarness({
    env: redisUrl ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {},
  });
  const redis: RedisClientType | undefined = redisUrl ? createClient({ url: redisUrl }) : undefined;
  await redis?.connect();
  try {
    const now = new Date();
    const [, loadMs] = await timed(() => load(now));
    console.log(
      `loaded ${PEOPLE} people and ${ENTRIES} ledger entries in ${(loadMs / 1000).toFixed(1)} s`,
    );
    if (redis) {
      // What a start does when Redis lacks the boards: build them from the totals.
      const [, rebuildMs] = await timed(() =>
        new LeaderboardProjection(
          redis,
          prefix,
          createLogger({ service: 'bench', level: 'silent' }),
        ).rebuildMissing(),
      );
      console.log(`Redis boards built from the totals in ${(rebuildMs / 1000).toFixed(1)} s`);
    }

    for (const period of ['WEEK', 'ALL_TIME']) {
      const samples: number[] = [];
      for (let i = 0; i < SAMPLES; i += 1) {
        const me = personId(Math.floor(Math.random() * PEOPLE));
        const [result, ms] = await timed(() =>
          harness.execute(
            `{ leaderboard(period: ${period}, first: 20) { entries { rank points user { id } } myRank } }`,
            { caller: personCaller(me) },
          ),
        );
        if (result.errors) throw new Error(JSON.stringify(result.errors));
        samples.push(ms);
      }
      samples.sort((a, b) => a - b);
      console.log(
        `leaderboard ${period} top 20 + myRank${redisUrl ? ' (Redis)' : ''}: p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms`,
      );
    }

    const events = Array.from({ length: EVENTS }, (_, i) =>
      lessonCompleted(personId(i % PEOPLE), { id: `ingest-${i}` }),
    );
    const inbox = engagementDb.collection('inbox');
    const [, ingestMs] = await timed(async () => {
      await publish(harness, ...events);
      while ((await inbox.countDocuments({ consumer: 'engagement-scoring' })) < EVENTS) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
    console.log(
      `ingestion: ${EVENTS} lesson.completed in ${(ingestMs / 1000).toFixed(1)} s (${Math.round((EVENTS / ingestMs) * 1000)} events/s)`,
    );

    const [rebuilt, rebuildMs] = await timed(() => totalsFromLedger());
    console.log(
      `full rebuild of ${rebuilt.size} period totals from ${ENTRIES + EVENTS} ledger entries: ${(rebuildMs / 1000).toFixed(1)} s`,
    );
    const rule = await PointsRuleModel.findOne({ eventType: 'lesson.completed' }).lean();
    const [, recomputeMs] = await timed(() =>
      harness.execute('mutation ($id: ID!) { recomputePoints(ruleId: $id) { corrections } }', {
        variables: { id: rule!._id.toHexString() },
        caller: adminCaller(),
      }),
    );
    console.log(
      `recomputePoints over the whole ledger (no change): ${(recomputeMs / 1000).toFixed(1)} s`,
    );
  } finally {
    if (redis) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(keys);
      await redis.quit();
    }
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
