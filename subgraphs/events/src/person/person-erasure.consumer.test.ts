import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parseEnvelope } from '@weace/events';
import { eventually } from '@weace/test-kit/subgraph';
import { CalendarFeedModel } from '../calendar/feed-token.model';
import { RegistrationModel, RegistrationStatus } from '../registration/registration.model';
import {
  type EventsHarness,
  organiser,
  person,
  publishedEvent,
  register,
  startEventsHarness,
} from '../testing/events-harness';

let harness: EventsHarness;
beforeAll(async () => {
  harness = await startEventsHarness();
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

describe('user.deleted', () => {
  it("cancels the person's registrations, hands their seat on and ends their feed", async () => {
    const eventId = await publishedEvent(harness, organiser(), { capacity: 1 });
    const leaving = person();
    const next = person();
    await register(harness, leaving, eventId);
    await register(harness, next, eventId);
    await harness.execute('{ myCalendarFeedUrl }', { caller: leaving });
    await harness.transport.publish(
      parseEnvelope({
        id: randomUUID(),
        type: 'user.deleted',
        version: 1,
        occurredAt: new Date().toISOString(),
        producer: 'users',
        subject: leaving.userId,
        sequence: 1,
        payload: { userId: leaving.userId },
      }),
    );
    await eventually(
      async () => (await RegistrationModel.exists({ userId: leaving.userId, live: true })) === null,
    );
    const theirs = await RegistrationModel.findOne({ userId: leaving.userId }).lean();
    expect(theirs?.status).toBe(RegistrationStatus.CANCELLED);
    const nextOne = await RegistrationModel.findOne({ userId: next.userId }).lean();
    expect(nextOne?.status).toBe(RegistrationStatus.OFFERED);
    expect(await CalendarFeedModel.countDocuments({ _id: leaving.userId })).toBe(0);
  });
});
