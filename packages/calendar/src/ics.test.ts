import { describe, expect, it } from '@jest/globals';
import { sync as parseIcs, type VEvent } from 'node-ical';
import { buildFeed, buildInvitation, type CalendarEntry } from './ics';

const session: CalendarEntry = {
  uid: 'session-65f0@weace.dev',
  sequence: 0,
  startsAt: new Date('2026-03-09T17:00:00Z'),
  endsAt: new Date('2026-03-09T18:00:00Z'),
  summary: 'Career coaching with Carla',
  location: 'Online',
};

function events(ics: string): VEvent[] {
  return Object.values(parseIcs.parseICS(ics)).filter((c): c is VEvent => c?.type === 'VEVENT');
}

describe('the ICS builder', () => {
  it('publishes feeds without ORGANIZER or METHOD, keeping UID and SEQUENCE', () => {
    const ics = buildFeed('Nia at WeAce', [
      session,
      { ...session, uid: 'other@weace.dev', sequence: 3 },
    ]);
    expect(ics).not.toMatch(/^ORGANIZER/m);
    expect(ics).not.toMatch(/^METHOD/m);
    const [first, second] = events(ics);
    expect(first.uid).toBe(session.uid);
    expect(Number(first.sequence)).toBe(0);
    expect(Number(second.sequence)).toBe(3);
    expect(first.start.toISOString()).toBe('2026-03-09T17:00:00.000Z');
    expect(first.end?.toISOString()).toBe('2026-03-09T18:00:00.000Z');
  });

  it('keeps a cancelled entry in a feed with STATUS:CANCELLED', () => {
    const [entry] = events(buildFeed('x', [{ ...session, status: 'CANCELLED', sequence: 1 }]));
    expect(entry.status).toBe('CANCELLED');
  });

  it('gives an all-day entry its local dates and an exclusive DTEND (the day after the last)', () => {
    const ics = buildFeed('x', [
      {
        ...session,
        allDay: true,
        timeZone: 'America/New_York',
        // 2026-03-08 00:00 to 2026-03-09 24:00 in New York: two whole days.
        startsAt: new Date('2026-03-08T05:00:00Z'),
        endsAt: new Date('2026-03-10T04:00:00Z'),
      },
    ]);
    expect(ics).toMatch(/^DTSTART;VALUE=DATE:20260308\r?$/m);
    expect(ics).toMatch(/^DTEND;VALUE=DATE:20260310\r?$/m);
  });

  it('makes RFC 5546 invitations: REQUEST and CANCEL with an ORGANIZER and the same UID', () => {
    const organizer = { name: 'Carla Coach', email: 'carla.coach@weace.dev' };
    const attendees = [{ name: 'Nia', email: 'nia@example.com' }];
    const request = buildInvitation({ method: 'REQUEST', entry: session, organizer, attendees });
    const cancel = buildInvitation({
      method: 'CANCEL',
      entry: { ...session, sequence: 1 },
      organizer,
      attendees,
    });
    expect(request).toMatch(/^METHOD:REQUEST\r?$/m);
    expect(cancel).toMatch(/^METHOD:CANCEL\r?$/m);
    const [requested] = events(request);
    const [cancelled] = events(cancel);
    expect(requested.organizer).toMatchObject({ val: 'mailto:carla.coach@weace.dev' });
    expect(cancelled.uid).toBe(requested.uid);
    expect(Number(cancelled.sequence)).toBe(1);
    expect(cancelled.status).toBe('CANCELLED');
  });
});
