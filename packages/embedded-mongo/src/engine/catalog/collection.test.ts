import { beforeAll, describe, expect, it } from '@jest/globals';
import type { Document } from 'bson';
import { parseIndexSpec } from '../indexes/index-spec';
import { compileFilter } from '../query/filter';
import { parseSort } from '../query/sort';
import { readDocuments } from '../commands/find';
import type { Change } from '../types';
import { Collection } from './collection';

const SIZE = 10_000;

describe('Collection lookups', () => {
  const collection = new Collection('test', 'users', {});
  beforeAll(() => {
    const changes: Change[] = [];
    for (let i = 0; i < SIZE; i++) {
      collection.insert(
        {
          _id: i,
          email: `u${i}@x`,
          org: i % 100,
          name: `n${i}`,
          code: i % 2 ? `c${i}` : undefined,
        },
        changes,
      );
    }
    collection.createIndexes(
      [
        parseIndexSpec({ key: { email: 1 }, name: 'email_1', unique: true }),
        parseIndexSpec({ key: { org: 1, name: 1 }, name: 'org_1_name_1' }),
        parseIndexSpec({ key: { code: 1 }, name: 'code_1', sparse: true }),
      ],
      changes,
    );
  });

  /** How many documents a query returns and how many it examined. */
  const lookup = (filter: Document): { found: number; scanned: number } => {
    const before = collection.scannedDocuments;
    const found = [...collection.find(compileFilter(filter))].length;
    return { found, scanned: collection.scannedDocuments - before };
  };

  it('answers _id equality and $in from the _id index without scanning', () => {
    expect(lookup({ _id: 5_000 })).toEqual({ found: 1, scanned: 1 });
    expect(lookup({ _id: { $in: [1, 2, 3, -1] } })).toEqual({ found: 3, scanned: 3 });
    expect(lookup({ _id: 5_000n })).toEqual({ found: 1, scanned: 1 });
  });

  it('answers equality on a unique field, also inside $and and next to other conditions', () => {
    expect(lookup({ email: 'u42@x' })).toEqual({ found: 1, scanned: 1 });
    expect(lookup({ email: { $in: ['u1@x', 'u2@x', 'nobody'] } })).toEqual({
      found: 2,
      scanned: 2,
    });
    expect(lookup({ $and: [{ email: { $eq: 'u3@x' } }, { org: { $gt: 50 } }] })).toEqual({
      found: 0,
      scanned: 1,
    });
  });

  it('answers equality on the first field of a compound index, or on all its fields, from its candidates', () => {
    expect(lookup({ org: 7 })).toEqual({ found: 100, scanned: 100 });
    expect(lookup({ org: 7, name: 'n107' })).toEqual({ found: 1, scanned: 1 });
    expect(lookup({ org: { $in: [7, 8] }, name: { $in: ['n107', 'n108', 'n9'] } })).toEqual({
      found: 2,
      scanned: 2,
    });
  });

  it('scans when no index covers the filter, or when a sparse index cannot answer for null', () => {
    expect(lookup({ name: 'n1' })).toEqual({ found: 1, scanned: SIZE });
    expect(lookup({ code: null })).toEqual({ found: SIZE / 2, scanned: SIZE });
    expect(lookup({ code: 'c1' })).toEqual({ found: 1, scanned: 1 });
  });
});

describe('Collection ordered reads', () => {
  it('reads only the first entries of an index for a sorted, limited read, counting keys and documents', () => {
    const collection = new Collection('test', 'scores', {});
    const changes: Change[] = [];
    for (let i = 0; i < SIZE; i++) collection.insert({ _id: i, points: (i * 37) % SIZE }, changes);
    collection.createIndexes([parseIndexSpec({ key: { points: 1 }, name: 'points_1' })], changes);
    const plan = collection.plan(compileFilter({}), parseSort({ points: -1 }));
    expect(plan).toMatchObject({ kind: 'ixscan', backward: true, sorted: true });
    const before = { docs: collection.scannedDocuments, keys: collection.examinedKeys };
    const top: number[] = [];
    for (const doc of collection.execute(plan)) {
      top.push(doc.points as number);
      if (top.length === 5) break;
    }
    expect(top).toEqual([SIZE - 1, SIZE - 2, SIZE - 3, SIZE - 4, SIZE - 5]);
    expect(collection.scannedDocuments - before.docs).toBe(5);
    expect(collection.examinedKeys - before.keys).toBe(5);
  });

  it('goes on from where a paused walk stopped after the index changed', () => {
    const collection = new Collection('test', 'queue', {});
    const changes: Change[] = [];
    collection.createIndexes([parseIndexSpec({ key: { at: 1 }, name: 'at_1' })], changes);
    for (let i = 0; i < 10; i++) collection.insert({ _id: i, at: i * 10 }, changes);
    const walk = collection.execute(collection.plan(compileFilter({}), parseSort({ at: 1 })));
    const seen = [walk.next().value?._id, walk.next().value?._id];
    // Behind the walk (not seen again), ahead of it (seen), and a removal ahead.
    collection.insert({ _id: 'early', at: 5 }, changes);
    collection.insert({ _id: 'late', at: 55 }, changes);
    collection.remove(collection.getById(3) as Document, changes);
    for (const doc of walk) seen.push(doc._id);
    expect(seen).toEqual([0, 1, 2, 4, 5, 'late', 6, 7, 8, 9]);
  });
});

describe('Collection _id ranges', () => {
  it('builds the _id tree on the first range over _id and keeps it up to date afterwards', () => {
    const collection = new Collection('test', 'pages', {});
    const changes: Change[] = [];
    for (let i = 0; i < 100; i++) collection.insert({ _id: i }, changes);
    const ids = (filter: Document, sort?: Document): unknown[] =>
      [
        ...readDocuments(collection, {
          filter: compileFilter(filter),
          sort: sort && parseSort(sort),
          limit: 3,
        }),
      ].map((d) => d._id);
    expect(ids({ _id: 5 })).toEqual([5]);
    expect(ids({ _id: { $gt: 95 } })).toEqual([96, 97, 98]);
    collection.insert({ _id: 96.5 }, changes);
    collection.remove(collection.getById(97) as Document, changes);
    expect(ids({ _id: { $gt: 95 } })).toEqual([96, 96.5, 98]);
    expect(ids({}, { _id: -1 })).toEqual([99, 98, 96.5]);
  });
});

describe('Collection index maintenance', () => {
  it('keeps compound multikey entries findable by their first field when one element changes', () => {
    const collection = new Collection('test', 'posts', {});
    const changes: Change[] = [];
    collection.createIndexes(
      [parseIndexSpec({ key: { org: 1, tags: 1 }, name: 'org_tags' })],
      changes,
    );
    collection.insert({ _id: 1, org: 'a', tags: ['x', 'y'] }, changes);
    collection.insert({ _id: 2, org: 'a', tags: ['z'] }, changes);
    const current = collection.getById(1) as Document;
    collection.replace(current, { _id: 1, org: 'a', tags: ['y', 'w'] }, changes);
    const found = (filter: Document): unknown[] =>
      [...collection.find(compileFilter(filter))].map((d) => d._id);
    expect(found({ org: 'a' })).toEqual([1, 2]);
    expect(found({ org: 'a', tags: 'x' })).toEqual([]);
    expect(found({ org: 'a', tags: 'w' })).toEqual([1]);
    collection.remove(collection.getById(2) as Document, changes);
    expect(found({ org: 'a' })).toEqual([1]);
    const before = collection.scannedDocuments;
    found({ org: 'a', tags: 'y' });
    expect(collection.scannedDocuments - before).toBe(1);
  });
});
