import { describe, expect, it } from '@jest/globals';
import { isDuplicateKeyError } from './errors';

describe('isDuplicateKeyError', () => {
  it('recognises the driver error for a unique-index clash [11000] and nothing else', () => {
    expect(isDuplicateKeyError({ code: 11000, keyValue: { email: 'a@b.c' } })).toBe(true);
    expect(isDuplicateKeyError({ code: 11001 })).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000 in the message only'))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });
});
