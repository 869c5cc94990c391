import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { isComplete, progressOf } from './progress';

const ids = (n: number) => Array.from({ length: n }, () => new Types.ObjectId());

describe('progress (rule 5)', () => {
  it('is 99.5 for 199 of 200 required lessons, never rounded to 100', () => {
    const required = ids(200);
    expect(progressOf(required, required.slice(0, 199))).toBe(99.5);
    expect(isComplete(required, required.slice(0, 199))).toBe(false);
  });

  it('is 100 exactly when every required lesson is complete', () => {
    const required = ids(3);
    expect(progressOf(required, [...required].reverse())).toBe(100);
    expect(progressOf(required, required.slice(0, 2))).toBeCloseTo(66.6667, 3);
  });

  it('never goes above 100: optional or removed lessons do not count', () => {
    const required = ids(2);
    expect(progressOf(required, [...required, ...ids(5)])).toBe(100);
    expect(progressOf(required, ids(5))).toBe(0);
  });

  it('stays below 100 for one lesson short of a huge course', () => {
    const required = ids(100_000);
    expect(progressOf(required, required.slice(1))).toBeLessThan(100);
  });
});
