import { describe, expect, it } from '@jest/globals';
import { streaksOf } from './streak';

describe('streaksOf', () => {
  it('counts consecutive days, alive through yesterday', () => {
    const days = ['2026-03-02', '2026-03-03', '2026-03-05', '2026-03-06', '2026-03-07'];
    expect(streaksOf(days, '2026-03-08', false)).toEqual({ current: 3, longest: 3 });
    expect(streaksOf(days, '2026-03-09', false)).toEqual({ current: 0, longest: 3 });
  });

  it('lets weekends neither break nor extend a streak when skipped', () => {
    const days = ['2026-03-05', '2026-03-06', '2026-03-09']; // Thu, Fri, Mon
    expect(streaksOf(days, '2026-03-09', true)).toEqual({ current: 3, longest: 3 });
    expect(streaksOf(days, '2026-03-09', false)).toEqual({ current: 1, longest: 2 });
    expect(streaksOf(['2026-03-06'], '2026-03-08', true)).toEqual({ current: 1, longest: 1 });
  });
});
