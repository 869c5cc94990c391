import { describe, expect, it } from '@jest/globals';
import { catalog, typesOf } from './catalog';
import { PRODUCERS } from './define-event';
import { InvalidEventError, parseEnvelope } from './envelope';

const booked = {
  id: '01JB0000000000000000000000',
  type: 'session.booked',
  version: 1,
  occurredAt: '2026-03-08T17:00:00.000Z',
  producer: 'coaching',
  subject: 'session-1',
  sequence: 1,
  payload: {
    sessionId: 'session-1',
    coachId: '65f000000000000000000001',
    coacheeId: '65f000000000000000000002',
    sessionTypeId: 'type-1',
    sessionTypeName: 'Career coaching',
    startsAt: '2026-03-09T17:00:00.000Z',
    endsAt: '2026-03-09T18:00:00.000Z',
    timeZone: 'America/New_York',
    ics: { uid: 'session-1@weace.dev', sequence: 0 },
  },
};

describe('the event catalog', () => {
  it('names every event type the domain issues rely on, each with one producer', () => {
    expect(typesOf('users')).toEqual(
      expect.arrayContaining(['user.registered', 'user.confirmed', 'user.updated', 'user.deleted']),
    );
    expect(typesOf('auth')).toEqual(expect.arrayContaining(['user.signedIn', 'account.disabled']));
    expect(typesOf('training')).toHaveLength(10);
    expect(typesOf('coaching')).toHaveLength(6);
    expect(typesOf('events')).toHaveLength(9);
    expect(typesOf('notifications')).toEqual(['notification.created']);
    expect(typesOf('engagement')).toEqual(
      expect.arrayContaining(['points.awarded', 'level.reached', 'badge.awarded']),
    );
    const all = PRODUCERS.flatMap((producer) => typesOf(producer));
    expect(new Set(all).size).toBe(catalog.size);
  });

  it('accepts an event that matches its definition', () => {
    expect(parseEnvelope(booked).payload).toEqual(booked.payload);
  });

  it('rejects a payload that breaks its schema, naming the field', () => {
    const bad = { ...booked, payload: { ...booked.payload, startsAt: 'tomorrow' } };
    expect(() => parseEnvelope(bad)).toThrow(InvalidEventError);
    expect(() => parseEnvelope(bad)).toThrow(/startsAt/);
  });

  it('rejects an unknown type, an unknown version and the wrong producer', () => {
    expect(() => parseEnvelope({ ...booked, type: 'session.teleported' })).toThrow(/unknown/);
    expect(() => parseEnvelope({ ...booked, version: 2 })).toThrow(/session.booked@2/);
    expect(() => parseEnvelope({ ...booked, producer: 'events' })).toThrow(/coaching/);
  });

  it('rejects an envelope without an id or with a sequence below 1', () => {
    expect(() => parseEnvelope({ ...booked, id: '' })).toThrow(/id/);
    expect(() => parseEnvelope({ ...booked, sequence: 0 })).toThrow(/sequence/);
  });
});
