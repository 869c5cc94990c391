import { describe, expect, it } from '@jest/globals';
import { Types } from 'mongoose';
import { decodeCursor, encodeCursor, toConnection } from './connection';

const ids = Array.from({ length: 4 }, () => new Types.ObjectId());
const items = ids.map((_id) => ({ _id }));

describe('cursor connections', () => {
  it('round-trips an _id through its cursor', () => {
    expect(decodeCursor(encodeCursor(ids[0]!)).equals(ids[0]!)).toBe(true);
  });

  it('rejects a cursor it did not make [BAD_USER_INPUT]', () => {
    expect(() => decodeCursor('not-a-cursor')).toThrow(
      expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', fields: ['after'] } }),
    );
  });

  it('reads the extra item as "there is a next page" and leaves it out', () => {
    const page = toConnection(items, 3, 10);
    expect(page.edges.map((edge) => edge.node)).toEqual(items.slice(0, 3));
    expect(page.pageInfo).toEqual({ hasNextPage: true, endCursor: encodeCursor(ids[2]!) });
    expect(page.totalCount).toBe(10);
  });

  it('ends the list when no extra item came back', () => {
    expect(toConnection(items, 4, 4).pageInfo).toEqual({
      hasNextPage: false,
      endCursor: encodeCursor(ids[3]!),
    });
    expect(toConnection([], 4, 0).pageInfo).toEqual({ hasNextPage: false, endCursor: null });
  });
});
