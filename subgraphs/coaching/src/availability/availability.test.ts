import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { Weekday } from './availability.model';
import { type Availability, availableIntervals, gridSlots } from './availability';

const NEW_YORK = 'America/New_York';

function everyDay(start: string, end: string, timeZone = NEW_YORK): Availability {
  return {
    timeZone,
    weekly: Object.values(Weekday).map((day) => ({ day, start, end })),
    overrides: [],
  };
}

const iso = (date: Date) => date.toISOString().replace('.000', '');
const localTime = (date: Date, zone = NEW_YORK) =>
  DateTime.fromJSDate(date, { zone }).toFormat('HH:mm');

function intervalsOn(availability: Availability, date: string) {
  const from = DateTime.fromISO(date, { zone: availability.timeZone }).startOf('day');
  return availableIntervals(availability, from.toJSDate(), from.plus({ days: 1 }).toJSDate()).map(
    ({ start, end }) => `${iso(start)}–${iso(end)}`,
  );
}

function slotsOn(availability: Availability, date: string, duration = 30, interval = 30) {
  const from = DateTime.fromISO(date, { zone: availability.timeZone }).startOf('day');
  return gridSlots(
    availability,
    { durationMinutes: duration, slotIntervalMinutes: interval },
    from.toJSDate(),
    from.plus({ days: 1 }).toJSDate(),
  );
}

describe('weekly hours in the coach’s zone, with each date’s own offset', () => {
  const hours = everyDay('13:00', '18:00');

  it('converts New York 13:00–18:00 to 18:00–23:00Z before DST starts', () => {
    expect(intervalsOn(hours, '2026-03-06')).toEqual(['2026-03-06T18:00:00Z–2026-03-06T23:00:00Z']);
  });

  it('converts it to 17:00–22:00Z on the day DST starts and the day after', () => {
    expect(intervalsOn(hours, '2026-03-08')).toEqual(['2026-03-08T17:00:00Z–2026-03-08T22:00:00Z']);
    expect(intervalsOn(hours, '2026-03-09')).toEqual(['2026-03-09T17:00:00Z–2026-03-09T22:00:00Z']);
  });

  it('keeps a 09:00 slot at 09:00 local after DST ends in November', () => {
    const mornings = everyDay('09:00', '10:00');
    const before = slotsOn(mornings, '2026-10-30', 60, 60);
    const after = slotsOn(mornings, '2026-11-02', 60, 60);
    expect(before.map(({ start }) => iso(start))).toEqual(['2026-10-30T13:00:00Z']);
    expect(after.map(({ start }) => iso(start))).toEqual(['2026-11-02T14:00:00Z']);
    expect([...before, ...after].map(({ start }) => localTime(start))).toEqual(['09:00', '09:00']);
  });

  it('offers no slot in the spring-forward gap', () => {
    const night = everyDay('01:00', '04:00');
    const slots = slotsOn(night, '2026-03-08');
    expect(slots.map(({ start }) => localTime(start))).toEqual([
      '01:00',
      '01:30',
      '03:00',
      '03:30',
    ]);
    expect(slots.map(({ start }) => iso(start))).toEqual([
      '2026-03-08T06:00:00Z',
      '2026-03-08T06:30:00Z',
      '2026-03-08T07:00:00Z',
      '2026-03-08T07:30:00Z',
    ]);
  });

  it('offers the repeated fall-back hour once', () => {
    const night = everyDay('00:00', '03:00');
    const slots = slotsOn(night, '2026-11-01');
    const local = slots.map(({ start }) => localTime(start));
    expect(local).toEqual(['00:00', '00:30', '01:00', '01:30', '02:00', '02:30']);
    for (let i = 1; i < slots.length; i += 1) {
      expect(slots[i]!.start.getTime()).toBeGreaterThanOrEqual(slots[i - 1]!.end.getTime());
    }
  });

  it('lets an override replace a date’s hours, and an empty one mean away', () => {
    const hoursWithExceptions: Availability = {
      ...hours,
      overrides: [
        { date: '2026-03-06', ranges: [{ start: '08:00', end: '09:00' }] },
        { date: '2026-03-09', ranges: [] },
      ],
    };
    expect(intervalsOn(hoursWithExceptions, '2026-03-06')).toEqual([
      '2026-03-06T13:00:00Z–2026-03-06T14:00:00Z',
    ]);
    expect(intervalsOn(hoursWithExceptions, '2026-03-09')).toEqual([]);
  });

  it('steps the grid from each range’s start and keeps only whole slots', () => {
    const london: Availability = {
      timeZone: 'Europe/London',
      weekly: [
        { day: Weekday.MONDAY, start: '09:10', end: '10:00' },
        { day: Weekday.MONDAY, start: '14:00', end: '15:00' },
      ],
      overrides: [],
    };
    const slots = slotsOn(london, '2026-01-05', 30, 15);
    expect(slots.map(({ start }) => localTime(start, 'Europe/London'))).toEqual([
      '09:10',
      '09:25',
      '14:00',
      '14:15',
      '14:30',
    ]);
  });
});
