import { describe, expect, it } from '@jest/globals';
import { DateTime } from 'luxon';
import { MAX_OCCURRENCES, expandRecurrence, ruleText } from './recurrence';

const zone = 'Europe/Paris';
const at = (iso: string) => DateTime.fromISO(iso, { zone }).toJSDate();

describe('expandRecurrence', () => {
  it("keeps the local time across a daylight-saving change, in the series' zone", () => {
    const occurrences = expandRecurrence(
      { startsAt: at('2027-03-22T09:00'), endsAt: at('2027-03-22T10:30') },
      zone,
      { freq: 'WEEKLY', interval: 1, byDay: ['MO', 'WE'], count: 4, until: null },
    );
    // Summer time starts in Paris on Sunday 28 March 2027: 08:00Z before, 07:00Z after.
    expect(occurrences.map((o) => [o.startsAt.toISOString(), o.endsAt.toISOString()])).toEqual([
      ['2027-03-22T08:00:00.000Z', '2027-03-22T09:30:00.000Z'],
      ['2027-03-24T08:00:00.000Z', '2027-03-24T09:30:00.000Z'],
      ['2027-03-29T07:00:00.000Z', '2027-03-29T08:30:00.000Z'],
      ['2027-03-31T07:00:00.000Z', '2027-03-31T08:30:00.000Z'],
    ]);
  });

  it('leaves excluded local dates out, and they still count towards COUNT', () => {
    const occurrences = expandRecurrence(
      { startsAt: at('2027-01-04T18:00'), endsAt: at('2027-01-04T19:00') },
      zone,
      { freq: 'DAILY', interval: 2, byDay: [], count: 4, until: null },
      ['2027-01-06'],
    );
    expect(occurrences.map((o) => o.localDate)).toEqual(['2027-01-04', '2027-01-08', '2027-01-10']);
  });

  it('stops at UNTIL', () => {
    const occurrences = expandRecurrence(
      { startsAt: at('2027-01-01T12:00'), endsAt: at('2027-01-01T13:00') },
      zone,
      { freq: 'MONTHLY', interval: 1, byDay: [], count: null, until: at('2027-04-01T12:00') },
    );
    expect(occurrences.map((o) => o.localDate)).toEqual([
      '2027-01-01',
      '2027-02-01',
      '2027-03-01',
      '2027-04-01',
    ]);
  });

  it(`is bounded to ${MAX_OCCURRENCES} occurrences and to two years`, () => {
    const first = { startsAt: at('2027-01-01T12:00'), endsAt: at('2027-01-01T13:00') };
    const daily = expandRecurrence(first, zone, {
      freq: 'DAILY',
      interval: 1,
      byDay: [],
      count: null,
      until: at('2031-01-01T00:00'),
    });
    expect(daily).toHaveLength(MAX_OCCURRENCES);
    const monthly = expandRecurrence(first, zone, {
      freq: 'MONTHLY',
      interval: 1,
      byDay: [],
      count: null,
      until: at('2031-01-01T00:00'),
    });
    expect(monthly).toHaveLength(24);
    expect(monthly.at(-1)!.localDate).toBe('2028-12-01');
  });
});

describe('ruleText', () => {
  it('writes the rule as RFC 5545 does', () => {
    expect(
      ruleText({ freq: 'WEEKLY', interval: 2, byDay: ['TU', 'TH'], count: 10, until: null }),
    ).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=10');
  });
});
