import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { SessionTypeModel } from '../session-type/session-type.model';
import {
  type CoachingHarness,
  TYPE_DEFAULTS,
  asCoach,
  asLearner,
  newUserId,
  setUpCoach,
  startCoachingHarness,
} from '../testing/coaching-harness';
import { CoachProfileModel } from './coach-profile.model';

let harness: CoachingHarness;
beforeAll(async () => {
  harness = await startCoachingHarness('2027-02-28T00:00:00Z');
});
afterAll(() => harness.stop());
beforeEach(() => harness.clear());

const SET_AVAILABILITY = /* GraphQL */ `
  mutation ($input: AvailabilityInput!) {
    setMyAvailability(input: $input) {
      timeZone
      weekly {
        day
        start
        end
      }
    }
  }
`;

describe('coach profiles', () => {
  it('resolves 50 User references with their coach profile and session types in one find each', async () => {
    const ids = Array.from({ length: 50 }, () => new Types.ObjectId());
    await CoachProfileModel.insertMany(
      ids.map((_id, i) => ({ _id, bio: `Coach ${i}`, timeZone: 'UTC' })),
    );
    await SessionTypeModel.insertMany(
      ids.map((id) => ({ ...TYPE_DEFAULTS, coachId: id.toHexString() })),
    );
    const commands = harness.recordCommands();
    const result = await harness.execute<{
      _entities: { coachProfile: { bio: string; sessionTypes: { name: string }[] } | null }[];
    }>(
      /* GraphQL */ `
        query ($representations: [_Any!]!) {
          _entities(representations: $representations) {
            ... on User {
              coachProfile {
                bio
                sessionTypes {
                  name
                }
              }
            }
          }
        }
      `,
      {
        caller: asLearner(newUserId()),
        variables: {
          representations: [...ids, new Types.ObjectId()].map((id) => ({
            __typename: 'User',
            id: id.toHexString(),
          })),
        },
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities.slice(0, 50).map((user) => user.coachProfile?.bio)).toEqual(
      ids.map((_, i) => `Coach ${i}`),
    );
    expect(result.data!._entities[50]!.coachProfile).toBeNull();
    expect(commands.sent('find', 'coach_profiles')).toBe(1);
    expect(commands.sent('find', 'session_types')).toBe(1);
  });

  it('is for people with the COACH role only [FORBIDDEN NOT_A_COACH]', async () => {
    const result = await harness.execute(
      `mutation { upsertMyCoachProfile(input: { bio: "Hi" }) { id } }`,
      { caller: asLearner(newUserId()) },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'NOT_A_COACH',
    });
    expect(await CoachProfileModel.countDocuments()).toBe(0);
  });

  it('lists active coaches by expertise, and finds one by User.id', async () => {
    const { coachId } = await setUpCoach(harness);
    await setUpCoach(harness);
    const other = newUserId();
    await harness.execute(
      `mutation { upsertMyCoachProfile(input: { bio: "Careers", expertise: ["career"] }) { id } }`,
      { caller: asCoach(other) },
    );
    const listed = await harness.execute<{
      coaches: { totalCount: number; edges: { node: { id: string } }[] };
    }>(`{ coaches(filter: { expertise: "career" }) { totalCount edges { node { id } } } }`, {
      caller: asLearner(newUserId()),
    });
    expect(listed.data?.coaches).toEqual({ totalCount: 1, edges: [{ node: { id: other } }] });
    const found = await harness.execute<{ coach: { id: string; user: { id: string } } }>(
      `query ($id: ID!) { coach(id: $id) { id user { id } } }`,
      { caller: asLearner(newUserId()), variables: { id: coachId } },
    );
    expect(found.data?.coach).toEqual({ id: coachId, user: { id: coachId } });
  });
});

describe('availability input', () => {
  it('refuses a zone that is not IANA, naming the field, and writes nothing [BAD_USER_INPUT]', async () => {
    const { coachId } = await setUpCoach(harness, { timeZone: 'Europe/Paris' });
    const result = await harness.execute(SET_AVAILABILITY, {
      caller: asCoach(coachId),
      variables: { input: { timeZone: 'Mars/Olympus', weekly: [] } },
    });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(JSON.stringify(result.errors?.[0])).toContain('timeZone');
    const stored = await CoachProfileModel.findById(coachId).lean();
    expect(stored?.timeZone).toBe('Europe/Paris');
    expect(stored?.weekly).toHaveLength(7);
  });

  it('refuses overlapping ranges, ends before starts and times off the 5-minute marks [BAD_USER_INPUT]', async () => {
    const { coachId } = await setUpCoach(harness);
    const attempt = (weekly: object[]) =>
      harness.execute(SET_AVAILABILITY, {
        caller: asCoach(coachId),
        variables: { input: { timeZone: 'UTC', weekly } },
      });
    const overlap = await attempt([
      { day: 'MONDAY', start: '09:00', end: '12:00' },
      { day: 'MONDAY', start: '11:00', end: '13:00' },
    ]);
    expect(overlap.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['weekly'],
    });
    const backwards = await attempt([{ day: 'MONDAY', start: '12:00', end: '09:00' }]);
    expect(backwards.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const offMark = await attempt([{ day: 'MONDAY', start: '09:03', end: '12:00' }]);
    expect(offMark.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses session type lengths off the 5-minute blocks [BAD_USER_INPUT]', async () => {
    const { coachId } = await setUpCoach(harness);
    const result = await harness.execute(
      `mutation ($input: SessionTypeInput!) { createSessionType(input: $input) { id } }`,
      { caller: asCoach(coachId), variables: { input: { ...TYPE_DEFAULTS, durationMinutes: 62 } } },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: ['durationMinutes'],
    });
  });
});
