import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createScheduler } from '@weace/events';
import { type DemoProfile, Role, createLogger, serviceDatabase } from '@weace/service-kit';
import { harnessEventBus } from '@weace/test-kit/subgraph';
import { Types } from 'mongoose';
import { CheckInModel, CheckInResultCode } from '../check-in/check-in.model';
import { EventFormat, EventModel } from '../event/event.model';
import { RegistrationModel, RegistrationStatus } from '../registration/registration.model';
import { EventSeriesModel } from '../series/series.model';
import { type EventsHarness, publishedEvents, startEventsHarness } from '../testing/events-harness';
import { seedDemoEvents } from './demo-events';

let harness: EventsHarness;
beforeAll(async () => {
  harness = await startEventsHarness();
});
afterAll(() => harness.stop());

const profile = (name: string, roles: Role[]): DemoProfile => ({
  userId: new Types.ObjectId().toHexString(),
  email: `${name}@weace.dev`,
  name,
  roles,
  department: 'Demo',
  jobTitle: 'Demo',
});

describe('seedDemoEvents', () => {
  it('makes events of each format, a weekly series, a full event with a waitlist and past check-ins, once', async () => {
    const people = [
      profile('olga', [Role.Organizer, Role.Learner]),
      ...['liam', 'mia', 'noah', 'zoe'].map((name) => profile(name, [Role.Learner])),
    ];
    const services = {
      events: harnessEventBus('events', harness),
      jobs: createScheduler({
        connection: serviceDatabase('events'),
        logger: createLogger({ service: 'events-seed-test', level: 'silent' }),
      }),
    };
    await seedDemoEvents(services, people);

    const formats = await EventModel.distinct('format', { seriesId: null });
    expect(formats.sort()).toEqual([EventFormat.HYBRID, EventFormat.ONLINE, EventFormat.VENUE]);
    expect(await EventSeriesModel.countDocuments()).toBe(1);
    expect(await RegistrationModel.countDocuments({ status: RegistrationStatus.WAITLISTED })).toBe(
      2,
    );
    expect(await EventModel.countDocuments({ endsAt: { $lt: new Date() } })).toBe(2);
    expect(await CheckInModel.countDocuments({ result: CheckInResultCode.OK })).toBe(6);
    expect((await publishedEvents('registration.checkedIn')).length).toBe(6);

    const count = await EventModel.countDocuments();
    await seedDemoEvents(services, people);
    expect(await EventModel.countDocuments()).toBe(count);
  });
});
