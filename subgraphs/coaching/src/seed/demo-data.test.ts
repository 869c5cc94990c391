import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createScheduler } from '@weace/events';
import { type DemoProfile, Role, createLogger, serviceDatabase } from '@weace/service-kit';
import { harnessEventBus } from '@weace/test-kit/subgraph';
import { CoachingSessionModel, SessionStatus } from '../booking/session.model';
import { CoachProfileModel } from '../coach/coach-profile.model';
import { NoteVisibility, SessionNoteModel } from '../note/session-note.model';
import { CoachingPackageModel } from '../package/coaching-package.model';
import { SessionTypeModel } from '../session-type/session-type.model';
import {
  type CoachingHarness,
  newUserId,
  publishedEvents,
  startCoachingHarness,
} from '../testing/coaching-harness';
import { seedCoachingDemo } from './demo-data';

let harness: CoachingHarness;
beforeAll(async () => {
  harness = await startCoachingHarness(new Date());
});
afterAll(() => harness.stop());

const person = (name: string, roles: Role[], department = 'Engineering'): DemoProfile => ({
  userId: newUserId(),
  email: `${name.toLowerCase()}@weace.dev`,
  name,
  roles,
  department,
  jobTitle: 'Someone',
});

const people = [
  person('Ada', [Role.Admin, Role.Learner], 'People Operations'),
  person('Carla', [Role.Coach, Role.Learner], 'Leadership Academy'),
  person('Omar', [Role.Coach, Role.Learner], 'Leadership Academy'),
  person('Liam', [Role.Learner]),
  person('Mia', [Role.Learner], 'Sales'),
  person('Noah', [Role.Learner]),
];

describe('coaching demo data', () => {
  it('seeds coaches in two zones with two session types, sessions behind and ahead with notes, and a package, once', async () => {
    const logger = createLogger({ service: 'coaching-seed', level: 'silent' });
    const seed = () =>
      seedCoachingDemo(people, {
        events: harnessEventBus('coaching', harness),
        jobs: createScheduler({ connection: serviceDatabase('coaching'), logger }),
        logger,
      });
    await seed();

    const coaches = await CoachProfileModel.find().lean();
    expect(new Set(coaches.map((coach) => coach.timeZone))).toEqual(
      new Set(['Europe/London', 'America/New_York']),
    );
    const types = await SessionTypeModel.find().lean();
    expect(types).toHaveLength(4);
    expect(types.filter((type) => type.requiresPackage)).toHaveLength(2);
    const sessions = await CoachingSessionModel.find().lean();
    expect(sessions.filter((s) => s.status === SessionStatus.COMPLETED)).toHaveLength(2);
    const ahead = sessions.filter((s) => s.status === SessionStatus.BOOKED);
    expect(ahead).toHaveLength(2);
    for (const session of ahead) expect(session.startsAt.getTime()).toBeGreaterThan(Date.now());
    const notes = await SessionNoteModel.find().lean();
    expect(new Set(notes.map((note) => note.visibility))).toEqual(
      new Set([NoteVisibility.PRIVATE, NoteVisibility.SHARED]),
    );
    const [grant] = await CoachingPackageModel.find().lean();
    expect(grant).toMatchObject({ userId: people[3]!.userId, sessions: 6, used: 2 });
    expect(await publishedEvents('session.booked')).toHaveLength(4);
    expect(await publishedEvents('session.completed')).toHaveLength(2);

    await seed();
    expect(await CoachingSessionModel.countDocuments()).toBe(4);
    expect(await CoachProfileModel.countDocuments()).toBe(2);
  });
});
