import { describe, expect, it } from '@jest/globals';
import { isObjectIdHex, parseObjectId } from './object-id';

describe('parseObjectId', () => {
  it('accepts the 24 lower-case hex digits the API shows', () => {
    expect(parseObjectId('65a0000000000000000000ff', 'id').toHexString()).toBe(
      '65a0000000000000000000ff',
    );
    expect(isObjectIdHex('65A0000000000000000000FF')).toBe(false);
  });

  it('refuses anything else with BAD_USER_INPUT naming the field', () => {
    expect(() => parseObjectId('abc', 'userId', 'user id')).toThrow(
      expect.objectContaining({
        message: 'userId is not a user id',
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', fields: ['userId'] }),
      }),
    );
  });
});
