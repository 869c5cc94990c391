import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type RunningServer, startServer } from '@weace/embedded-mongo';
import mongoose, { type Model, Schema, Types } from 'mongoose';
import {
  type Connection,
  type PageArgs,
  type PaginateOptions,
  decodeCursor,
  encodeCursor,
  paginate,
  toConnection,
} from './connection';

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
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: false,
      startCursor: encodeCursor(ids[0]!),
      endCursor: encodeCursor(ids[2]!),
    });
    expect(page.totalCount).toBe(10);
  });

  it('ends the list when no extra item came back', () => {
    expect(toConnection(items, 4, 4).pageInfo).toMatchObject({
      hasNextPage: false,
      endCursor: encodeCursor(ids[3]!),
    });
    expect(toConnection([], 4, 0).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: null,
      endCursor: null,
    });
  });
});

interface Slot {
  _id: Types.ObjectId;
  label: string;
  startsAt: Date;
  score: number;
}

describe('paginate through the engine', () => {
  let engine: RunningServer;
  let db: mongoose.Connection;
  let slots: Model<Slot>;
  const day = (d: number) => new Date(Date.UTC(2027, 0, d));
  // Ties on startsAt (b, c, d on day 2) and on score (a, e) are broken by _id, i.e. insertion order.
  const rows = [
    { label: 'a', startsAt: day(1), score: 5 },
    { label: 'b', startsAt: day(2), score: 9 },
    { label: 'c', startsAt: day(2), score: 1 },
    { label: 'd', startsAt: day(2), score: 7 },
    { label: 'e', startsAt: day(3), score: 5 },
    { label: 'f', startsAt: day(0), score: 3 },
    { label: 'g', startsAt: day(4), score: 8 },
  ];
  const byStart: PaginateOptions = { sort: { field: 'startsAt', direction: 'ASC' } };
  const byStartDesc: PaginateOptions = { sort: { field: 'startsAt', direction: 'DESC' } };

  beforeAll(async () => {
    engine = await startServer({ port: 0 });
    db = mongoose.createConnection();
    await db.openUri(engine.uri, { dbName: 'weace_pages' });
    slots = db.model<Slot>(
      'Slot',
      new Schema<Slot>({
        label: { type: String, required: true },
        startsAt: { type: Date, required: true },
        score: { type: Number, required: true },
      }),
    );
    for (const row of rows) await slots.create(row);
  });
  afterAll(async () => {
    await db.close();
    await engine.stop();
  });

  const labels = (page: Connection<Slot>) => page.edges.map((edge) => edge.node.label).join('');
  const list = (page: PageArgs, options?: PaginateOptions) => paginate(slots, {}, page, options);

  /** Every item, page by page, following endCursor (forwards) or startCursor (backwards). */
  async function walk(size: number, forwards: boolean, options?: PaginateOptions) {
    const pages: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: Connection<Slot> = await list(
        forwards ? { first: size, after: cursor } : { last: size, before: cursor },
        options,
      );
      pages.push(labels(page));
      const more = forwards ? page.pageInfo.hasNextPage : page.pageInfo.hasPreviousPage;
      if (!more) return pages;
      cursor = forwards ? page.pageInfo.endCursor : page.pageInfo.startCursor;
    }
  }

  it('pages in _id order by default, with 20 items when no size is asked', async () => {
    const page = await list({});
    expect(labels(page)).toBe('abcdefg');
    expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    expect(page.totalCount).toBe(7);
  });

  it('sorts by a date ascending, breaking ties by _id, across pages', async () => {
    expect(await walk(2, true, byStart)).toEqual(['fa', 'bc', 'de', 'g']);
  });

  it('sorts by a date descending, ties by _id descending', async () => {
    expect(await walk(3, true, byStartDesc)).toEqual(['ged', 'cba', 'f']);
  });

  it('sorts by a score with ties', async () => {
    const options: PaginateOptions = { sort: { field: 'score', direction: 'DESC' } };
    expect(await walk(2, true, options)).toEqual(['bg', 'de', 'af', 'c']);
  });

  it('pages backwards from the end, each page in list order', async () => {
    expect(await walk(3, false, byStart)).toEqual(['deg', 'abc', 'f']);
    expect(await walk(3, false)).toEqual(['efg', 'bcd', 'a']);
  });

  it('goes forwards then backwards across the same items', async () => {
    const first = await list({ first: 3 }, byStartDesc);
    const second = await list({ first: 3, after: first.pageInfo.endCursor }, byStartDesc);
    expect([labels(first), labels(second)]).toEqual(['ged', 'cba']);
    expect(second.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    const back = await list({ last: 3, before: second.pageInfo.startCursor }, byStartDesc);
    expect(labels(back)).toBe('ged');
    expect(back.pageInfo).toMatchObject({ hasPreviousPage: false, hasNextPage: true });
    expect(back.edges.map((edge) => edge.cursor)).toEqual(first.edges.map((edge) => edge.cursor));
  });

  it('keeps a cursor valid when its item is deleted', async () => {
    const first = await list({ first: 2 }, byStart);
    const gone = await slots.create({ label: 'x', startsAt: day(1), score: 0 });
    const cursor = (await list({ first: 3 }, byStart)).edges[2]!.cursor;
    await slots.deleteOne({ _id: gone._id });
    expect(labels(await list({ first: 2, after: cursor }, byStart))).toBe('bc');
    expect(labels(first)).toBe('fa');
  });

  it('rejects mixing forward and backward arguments, naming the backward one [BAD_USER_INPUT]', async () => {
    await expect(list({ first: 2, last: 2 })).rejects.toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', fields: ['last'] },
    });
    await expect(
      list({ after: encodeCursor(new Types.ObjectId()), before: 'x' }),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', fields: ['before'] } });
  });

  it('rejects cursors it did not make, or of another ordering, naming the argument [BAD_USER_INPUT]', async () => {
    const byId = (await list({ first: 1 })).pageInfo.endCursor!;
    const cases: [PageArgs, PaginateOptions | undefined, string][] = [
      [{ after: 'garbage' }, byStart, 'after'],
      [{ before: 'garbage' }, byStart, 'before'],
      [{ after: byId }, byStart, 'after'],
      [
        { before: (await list({ first: 1 }, byStart)).pageInfo.endCursor },
        { sort: { field: 'score' } },
        'before',
      ],
      [{ before: 'not-a-cursor' }, undefined, 'before'],
      [
        {
          after: Buffer.from(JSON.stringify(['startsAt', 'd', 'never', 'x'])).toString('base64url'),
        },
        byStart,
        'after',
      ],
    ];
    for (const [page, options, field] of cases) {
      await expect(list(page, options)).rejects.toMatchObject({
        extensions: { code: 'BAD_USER_INPUT', fields: [field] },
      });
    }
  });
});
