import { describe, expect, it } from '@jest/globals';
import { inQuietHours, nextLocalTime, parseClock } from './local-time';

describe('local times in IANA zones', () => {
  it('finds the end of quiet hours the next morning in the person’s zone', () => {
    const at = nextLocalTime(new Date('2026-06-10T21:30:00Z'), parseClock('07:00'), 'Europe/Paris');
    expect(at.toISOString()).toBe('2026-06-11T05:00:00.000Z');
  });

  it('lands on 07:00 local on a spring-forward day (Europe/London, 29 March 2026)', () => {
    const at = nextLocalTime(
      new Date('2026-03-28T23:30:00Z'),
      parseClock('07:00'),
      'Europe/London',
    );
    // 07:00 BST is 06:00 UTC; the evening before was GMT.
    expect(at.toISOString()).toBe('2026-03-29T06:00:00.000Z');
  });

  it('lands on 07:00 local on a fall-back day (America/New_York, 1 November 2026)', () => {
    const at = nextLocalTime(
      new Date('2026-11-01T03:00:00Z'),
      parseClock('07:00'),
      'America/New_York',
    );
    // 07:00 EST is 12:00 UTC; the evening before was EDT.
    expect(at.toISOString()).toBe('2026-11-01T12:00:00.000Z');
  });

  it('moves a local time skipped by the DST change past the gap', () => {
    const at = nextLocalTime(
      new Date('2026-03-08T05:00:00Z'),
      parseClock('02:30'),
      'America/New_York',
    );
    expect(at.toISOString()).toBe('2026-03-08T07:30:00.000Z');
  });

  it('tells quiet hours that span midnight', () => {
    const zone = 'Asia/Tokyo';
    expect(inQuietHours(new Date('2026-06-10T14:00:00Z'), '22:00', '07:00', zone)).toBe(true); // 23:00
    expect(inQuietHours(new Date('2026-06-10T20:00:00Z'), '22:00', '07:00', zone)).toBe(true); // 05:00
    expect(inQuietHours(new Date('2026-06-10T03:00:00Z'), '22:00', '07:00', zone)).toBe(false); // 12:00
  });
});
