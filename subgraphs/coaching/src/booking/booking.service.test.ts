import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type Caller, serviceDatabase } from '@weace/service-kit';
import { eventually } from '@weace/test-kit/subgraph';
import {
  BOOK,
  type Booked,
  type CoachingHarness,
  SLOTS,
  type Slots,
  asAdmin,
  asCoach,
  asLearner,
  newUserId,
  publishedEvents,
  setUpCoach,
  startCoachingHarness,
} from '../testing/coaching-harness';

let harness: CoachingHarness;

beforeAll(async () => {
  harness = await startCoachingHarness('2027-02-28T00:00:00Z');
});
afterAll(() => harness.stop());
beforeEach(async () => {
  await harness.clear();
  harness.clock.set('2027-02-28T00:00:00Z');
});

const SESSION_FIELDS = `id status startsAt cancelledBy cancellationReason icsUid icsSequence`;

const CANCEL = `mutation ($id: ID!, $reason: String) {
  cancelSession(id: $id, reason: $reason) { ${SESSION_FIELDS} }
}`;
const RESCHEDULE = `mutation ($id: ID!, $startsAt: DateTime!) {
  rescheduleSession(id: $id, startsAt: $startsAt) {
    ${SESSION_FIELDS}
    rescheduledFrom { ${SESSION_FIELDS} }
  }
}`;
const COMPLETE = `mutation ($id: ID!, $noShow: Boolean) {
  completeSession(id: $id, noShow: $noShow) { ${SESSION_FIELDS} }
}`;

interface Session {
  id: string;
  status: string;
  startsAt: string;
  cancelledBy: string | null;
  cancellationReason: string | null;
  icsUid: string;
  icsSequence: number;
}

async function bookOne(
  coachId: string,
  sessionTypeId: string,
  startsAt: string,
  coacheeId = newUserId(),
) {
  const result = await harness.execute<Booked>(BOOK, {
    caller: asLearner(coacheeId),
    variables: { input: { coachId, sessionTypeId, startsAt } },
  });
  expect(result.errors).toBeUndefined();
  return { ...result.data!.bookSession, coacheeId };
}

async function slotsOn(coachId: string, sessionTypeId: string) {
  const result = await harness.execute<Slots>(SLOTS, {
    caller: asLearner(newUserId()),
    variables: { coachId, sessionTypeId, from: '2027-03-01T00:00:00Z', to: '2027-03-02T00:00:00Z' },
  });
  return result.data!.availableSlots.map(({ startsAt }) => startsAt.slice(11, 16));
}

function run<K extends string>(source: string, caller: Caller, variables: Record<string, unknown>) {
  return harness.execute<Record<K, Session>>(source, { caller, variables });
}

describe('cancellation', () => {
  it('lets a coachee cancel until the notice, storing who and why, and frees the slot at once', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      types: [{ cancellationNoticeMinutes: 24 * 60 }],
    });
    const session = await bookOne(coachId, typeIds[0]!, '2027-03-01T10:00:00Z');
    expect(await slotsOn(coachId, typeIds[0]!)).not.toContain('10:00');

    const result = await run<'cancelSession'>(CANCEL, asLearner(session.coacheeId), {
      id: session.id,
      reason: 'Travelling',
    });
    expect(result.data?.cancelSession).toMatchObject({
      status: 'CANCELLED',
      cancelledBy: session.coacheeId,
      cancellationReason: 'Travelling',
      icsSequence: 1,
    });
    expect(await slotsOn(coachId, typeIds[0]!)).toContain('10:00');
    const [cancelled] = await publishedEvents('session.cancelled');
    expect(cancelled?.payload).toMatchObject({
      sessionId: session.id,
      cancelledBy: session.coacheeId,
      reason: 'Travelling',
      late: false,
      ics: { uid: session.icsUid, sequence: 1 },
    });
  });

  it('refuses a coachee inside the notice window [FORBIDDEN CANCELLATION_WINDOW_CLOSED]', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      types: [{ cancellationNoticeMinutes: 24 * 60 }],
    });
    const session = await bookOne(coachId, typeIds[0]!, '2027-03-01T10:00:00Z');
    harness.clock.set('2027-02-28T10:01:00Z');
    const result = await run(CANCEL, asLearner(session.coacheeId), { id: session.id });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'CANCELLATION_WINDOW_CLOSED',
    });
    expect(await slotsOn(coachId, typeIds[0]!)).not.toContain('10:00');
  });

  it('lets the coach and ADMIN cancel any time, with a required reason [BAD_USER_INPUT]', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      types: [{ cancellationNoticeMinutes: 24 * 60 }],
    });
    const first = await bookOne(coachId, typeIds[0]!, '2027-03-01T10:00:00Z');
    const second = await bookOne(coachId, typeIds[0]!, '2027-03-01T12:00:00Z');
    harness.clock.set('2027-03-01T09:00:00Z');
    const noReason = await run(CANCEL, asCoach(coachId), { id: first.id });
    expect(noReason.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['reason'],
    });
    const byCoach = await run<'cancelSession'>(CANCEL, asCoach(coachId), {
      id: first.id,
      reason: 'Ill',
    });
    expect(byCoach.data?.cancelSession).toMatchObject({
      cancelledBy: coachId,
      cancellationReason: 'Ill',
    });
    const adminId = newUserId();
    const byAdmin = await run<'cancelSession'>(CANCEL, asAdmin(adminId), {
      id: second.id,
      reason: 'Office closed',
    });
    expect(byAdmin.data?.cancelSession).toMatchObject({ cancelledBy: adminId });
    const stranger = await run(CANCEL, asLearner(newUserId()), { id: first.id, reason: 'x' });
    expect(stranger.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('rescheduling', () => {
  it('replaces the session atomically: the old one stays readable, linked, with the same ICS UID', async () => {
    const { coachId, typeIds } = await setUpCoach(harness);
    const session = await bookOne(coachId, typeIds[0]!, '2027-03-01T10:00:00Z');
    const result = await run<'rescheduleSession'>(RESCHEDULE, asLearner(session.coacheeId), {
      id: session.id,
      startsAt: '2027-03-01T14:00:00Z',
    });
    expect(result.errors).toBeUndefined();
    const moved = result.data!.rescheduleSession as Session & { rescheduledFrom: Session };
    expect(moved).toMatchObject({
      status: 'BOOKED',
      startsAt: '2027-03-01T14:00:00.000Z',
      icsUid: session.icsUid,
      icsSequence: 1,
      rescheduledFrom: { id: session.id, status: 'CANCELLED', cancellationReason: 'rescheduled' },
    });
    const offered = await slotsOn(coachId, typeIds[0]!);
    expect(offered).toContain('10:00');
    expect(offered).not.toContain('14:00');
    const [event] = await publishedEvents('session.rescheduled');
    expect(event?.payload).toMatchObject({
      previousSessionId: session.id,
      previousStartsAt: '2027-03-01T10:00:00.000Z',
      ics: { uid: session.icsUid, sequence: 1 },
    });
  });

  it('changes nothing when the target is taken [CONFLICT SLOT_TAKEN]', async () => {
    const { coachId, typeIds } = await setUpCoach(harness);
    const mine = await bookOne(coachId, typeIds[0]!, '2027-03-01T10:00:00Z');
    await bookOne(coachId, typeIds[0]!, '2027-03-01T14:00:00Z');
    const result = await run(RESCHEDULE, asLearner(mine.coacheeId), {
      id: mine.id,
      startsAt: '2027-03-01T14:30:00Z',
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'CONFLICT',
      reason: 'SLOT_TAKEN',
    });
    const still = await harness.execute<{ coachingSession: Session }>(
      `query ($id: ID!) { coachingSession(id: $id) { ${SESSION_FIELDS} } }`,
      { caller: asLearner(mine.coacheeId), variables: { id: mine.id } },
    );
    expect(still.data?.coachingSession).toMatchObject({ status: 'BOOKED', icsSequence: 0 });
    expect(await slotsOn(coachId, typeIds[0]!)).not.toContain('10:00');
  });

  it('refuses a coachee inside the notice window, and a start off the grid', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, {
      types: [{ cancellationNoticeMinutes: 60 }],
    });
    const session = await bookOne(coachId, typeIds[0]!, '2027-03-01T10:00:00Z');
    const offGrid = await run(RESCHEDULE, asLearner(session.coacheeId), {
      id: session.id,
      startsAt: '2027-03-01T14:07:00Z',
    });
    expect(offGrid.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'NOT_A_SLOT',
    });
    harness.clock.set('2027-03-01T09:30:00Z');
    const late = await run(RESCHEDULE, asLearner(session.coacheeId), {
      id: session.id,
      startsAt: '2027-03-01T14:00:00Z',
    });
    expect(late.errors?.[0]?.extensions).toMatchObject({ reason: 'CANCELLATION_WINDOW_CLOSED' });
  });
});

describe('completion', () => {
  it('lets the coach mark a session COMPLETED or NO_SHOW once it has started, and nobody else', async () => {
    const { coachId, typeIds } = await setUpCoach(harness);
    const held = await bookOne(coachId, typeIds[0]!, '2027-03-01T10:00:00Z');
    const absent = await bookOne(coachId, typeIds[0]!, '2027-03-01T12:00:00Z');
    const early = await run(COMPLETE, asCoach(coachId), { id: held.id });
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_STARTED',
    });

    harness.clock.set('2027-03-01T13:00:00Z');
    const byCoachee = await run(COMPLETE, asLearner(held.coacheeId), { id: held.id });
    expect(byCoachee.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const completed = await run<'completeSession'>(COMPLETE, asCoach(coachId), { id: held.id });
    expect(completed.data?.completeSession.status).toBe('COMPLETED');
    const noShow = await run<'completeSession'>(COMPLETE, asCoach(coachId), {
      id: absent.id,
      noShow: true,
    });
    expect(noShow.data?.completeSession.status).toBe('NO_SHOW');
    expect((await publishedEvents('session.completed')).map((e) => e.subject)).toEqual([held.id]);
    expect((await publishedEvents('session.noShow')).map((e) => e.subject)).toEqual([absent.id]);
    const again = await run(COMPLETE, asCoach(coachId), { id: held.id });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NOT_BOOKED' });
  });
});

describe('events and reminders', () => {
  const pendingReminders = () =>
    serviceDatabase('coaching')
      .collection<{ uniqueKey: string; runAt: Date }>('jobs')
      .find({ name: 'coaching.session-reminder', status: 'PENDING' })
      .sort({ runAt: 1 })
      .toArray();

  it('publishes session.booked with its ICS identity, and schedules reminders 24 h and 1 h before', async () => {
    const { coachId, typeIds } = await setUpCoach(harness, { timeZone: 'Europe/Paris' });
    const session = await bookOne(coachId, typeIds[0]!, '2027-03-01T09:00:00Z');
    const [booked] = await publishedEvents('session.booked');
    expect(booked?.payload).toEqual({
      sessionId: session.id,
      coachId,
      coacheeId: session.coacheeId,
      sessionTypeId: typeIds[0],
      sessionTypeName: 'Coaching hour',
      startsAt: '2027-03-01T09:00:00.000Z',
      endsAt: '2027-03-01T10:00:00.000Z',
      timeZone: 'Europe/Paris',
      ics: { uid: session.icsUid, sequence: 0 },
    });
    expect((await pendingReminders()).map((job) => job.runAt.toISOString())).toEqual([
      '2027-02-28T09:00:00.000Z',
      '2027-03-01T08:00:00.000Z',
    ]);

    await run(CANCEL, asLearner(session.coacheeId), { id: session.id });
    expect(await pendingReminders()).toEqual([]);
  });

  it('gives the session an ICS entry built with the shared builder', async () => {
    const { coachId, typeIds } = await setUpCoach(harness);
    const session = await bookOne(coachId, typeIds[0]!, '2027-03-01T09:00:00Z');
    const result = await harness.execute<{ coachingSession: { ics: string } }>(
      `query ($id: ID!) { coachingSession(id: $id) { ics } }`,
      { caller: asCoach(coachId), variables: { id: session.id } },
    );
    expect(result.data?.coachingSession.ics).toContain(`UID:${session.icsUid}`);
    expect(result.data?.coachingSession.ics).toContain('SEQUENCE:0');
  });

  it('cancels the future sessions of a deleted account, with reason "account deleted"', async () => {
    const { coachId, typeIds } = await setUpCoach(harness);
    const session = await bookOne(coachId, typeIds[0]!, '2027-03-01T09:00:00Z');
    await harness.transport.publish({
      id: `deleted-${session.coacheeId}`,
      type: 'user.deleted',
      version: 1,
      producer: 'users',
      subject: session.coacheeId,
      sequence: 1,
      occurredAt: new Date().toISOString(),
      payload: { userId: session.coacheeId },
    });
    await eventually(async () => (await publishedEvents('session.cancelled')).length === 1);
    const [cancelled] = await publishedEvents('session.cancelled');
    expect(cancelled?.payload).toMatchObject({ cancelledBy: null, reason: 'account deleted' });
    expect(await slotsOn(coachId, typeIds[0]!)).toContain('09:00');
  });
});

describe('reminders as they fall due', () => {
  it('publishes session.reminder 24 h and 1 h before, once each', async () => {
    // The scheduler runs on real time: a session whose reminders are already due in real time.
    const realNow = Date.now();
    const startsAt = new Date(Math.ceil((realNow - 23 * 3_600_000) / 900_000) * 900_000);
    harness.clock.set(new Date(startsAt.getTime() - 25 * 3_600_000));
    const { coachId, typeIds } = await setUpCoach(harness, {
      hours: { start: '00:00', end: '24:00' },
    });
    const session = await bookOne(coachId, typeIds[0]!, startsAt.toISOString());
    await eventually(async () => (await publishedEvents('session.reminder')).length === 2);
    const reminders = await publishedEvents('session.reminder');
    expect(reminders.map((event) => [event.subject, event.payload.hoursBefore])).toEqual([
      [session.id, 24],
      [session.id, 1],
    ]);
  });
});
