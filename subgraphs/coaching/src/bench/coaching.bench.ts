import { performance } from 'node:perf_hooks';
import { CoachingSessionModel, SessionStatus } from '../booking/session.model';
import {
  BOOK,
  type CoachingHarness,
  SLOTS,
  type Slots,
  asLearner,
  newUserId,
  setUpCoach,
  startCoachingHarness,
} from '../testing/coaching-harness';

/**
 * Figures for booking (no pass/fail), on one coaching subgraph over HTTP with
 * its embedded engine, requests signed as the gateway signs them:
 *
 * - `availableSlots` over 30 days for a coach with 200 booked sessions (p50/p99);
 * - 200 concurrent bookings over 20 slots: exactly 20 stored, and the throughput.
 *
 *   npm run bench -w @weace/coaching
 */

const NOW = '2027-02-28T00:00:00Z';
const DAY = 86_400_000;
const BOOKED = 200;
const SLOT_QUERIES = 100;
const CONCURRENT = 200;
const CONTESTED_SLOTS = 20;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function slotsOf(harness: CoachingHarness, coachId: string, typeId: string, days: number) {
  const result = await harness.execute<Slots>(SLOTS, {
    caller: asLearner(newUserId()),
    variables: {
      coachId,
      sessionTypeId: typeId,
      from: '2027-03-01T00:00:00Z',
      to: new Date(Date.parse('2027-03-01T00:00:00Z') + days * DAY).toISOString(),
    },
  });
  if (result.errors) throw new Error(JSON.stringify(result.errors));
  return result.data!.availableSlots;
}

function book(harness: CoachingHarness, coachId: string, typeId: string, startsAt: string) {
  return harness.execute(BOOK, {
    caller: asLearner(newUserId()),
    variables: { input: { coachId, sessionTypeId: typeId, startsAt } },
  });
}

async function slotsWithBookings(harness: CoachingHarness): Promise<void> {
  const { coachId, typeIds } = await setUpCoach(harness, {
    hours: { start: '08:00', end: '18:00' },
    types: [{ durationMinutes: 60, slotIntervalMinutes: 60 }],
  });
  const typeId = typeIds[0]!;
  const free = await slotsOf(harness, coachId, typeId, 30);
  const chosen = free.filter((_, i) => i % 3 !== 2).slice(0, BOOKED);
  for (let i = 0; i < chosen.length; i += 10) {
    await Promise.all(
      chosen.slice(i, i + 10).map((slot) => book(harness, coachId, typeId, slot.startsAt)),
    );
  }
  const stored = await CoachingSessionModel.countDocuments({
    coachId,
    status: SessionStatus.BOOKED,
  });
  const samples: number[] = [];
  let offered = 0;
  for (let i = 0; i < SLOT_QUERIES; i++) {
    const started = performance.now();
    offered = (await slotsOf(harness, coachId, typeId, 30)).length;
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  console.log(
    `availableSlots, 30 days, ${stored} booked sessions (${offered} slots left), ${SLOT_QUERIES} queries: ` +
      `p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms`,
  );
}

async function contestedBookings(harness: CoachingHarness): Promise<void> {
  const { coachId, typeIds } = await setUpCoach(harness, {
    types: [{ durationMinutes: 60, slotIntervalMinutes: 60 }],
  });
  const typeId = typeIds[0]!;
  const slots = (await slotsOf(harness, coachId, typeId, 7)).slice(0, CONTESTED_SLOTS);
  const started = performance.now();
  const results = await Promise.all(
    Array.from({ length: CONCURRENT }, (_, i) =>
      book(harness, coachId, typeId, slots[i % slots.length]!.startsAt),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const accepted = results.filter((result) => !result.errors).length;
  const stored = await CoachingSessionModel.countDocuments({
    coachId,
    status: SessionStatus.BOOKED,
  });
  const conflicts = results.filter(
    (result) => result.errors?.[0]?.extensions?.reason === 'SLOT_TAKEN',
  ).length;
  console.log(
    `${CONCURRENT} concurrent bookings over ${slots.length} slots: ${accepted} accepted, ${stored} stored, ` +
      `${conflicts} SLOT_TAKEN, ${(CONCURRENT / seconds).toFixed(0)} requests/s (${seconds.toFixed(2)} s)`,
  );
  if (stored !== slots.length) throw new Error(`expected ${slots.length} sessions stored`);
}

async function main(): Promise<void> {
  const harness = await startCoachingHarness(NOW);
  try {
    await slotsWithBookings(harness);
    await contestedBookings(harness);
  } finally {
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
