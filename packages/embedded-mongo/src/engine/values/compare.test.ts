import { describe, expect, it } from '@jest/globals';
import { Binary, Decimal128, Int32, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { canonicalKey } from './canonical-key';
import { compareBson } from './compare';

describe('compareBson', () => {
  it('orders types as MongoDB does: MinKey < null < numbers < string < object < array < binData < ObjectId < bool < date < timestamp < regex < MaxKey', () => {
    const ordered = [
      new MinKey(),
      null,
      -5,
      'a',
      { a: 1 },
      [1],
      new Binary(Buffer.from('x')),
      new ObjectId('000000000000000000000001'),
      false,
      new Date(0),
      new Timestamp({ t: 1, i: 1 }),
      /a/,
      new MaxKey(),
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareBson)).toEqual(ordered);
  });

  it('compares Int32, Double, Long and Decimal128 numerically', () => {
    expect(compareBson(5, 5n)).toBe(0);
    expect(compareBson(5.5, 5n)).toBe(1);
    expect(compareBson(2n ** 60n, 2 ** 60 - 1)).toBe(0); // the double rounds to 2^60
    expect(compareBson(2n ** 53n + 1n, 2 ** 53)).toBe(1); // exact across bigint and double
    expect(compareBson(Decimal128.fromString('1.5'), 1.5)).toBe(0);
    expect(compareBson(Decimal128.fromString('2'), 10n)).toBe(-1);
    expect(compareBson(new Int32(3), 2.5)).toBe(1);
    expect(compareBson(Number.NaN, Number.NEGATIVE_INFINITY)).toBe(-1);
  });

  it('orders ObjectIds by their bytes, as their hex strings sort', () => {
    const hexes = [
      '00000000000000000000ffff',
      '000000000000ffff00000000',
      'ff0000000000000000000000',
    ];
    const ids = [...hexes].reverse().map((hex) => new ObjectId(hex));
    expect(ids.sort(compareBson).map((id) => id.toHexString())).toEqual(hexes);
    expect(compareBson(new ObjectId(hexes[1]), new ObjectId(hexes[1]))).toBe(0);
  });

  it('treats a missing value like null and compares documents field by field, in order', () => {
    expect(compareBson(undefined, null)).toBe(0);
    expect(compareBson({ a: 1, b: 2 }, { a: 1, b: 3 })).toBe(-1);
    expect(compareBson({ a: 1, b: 2 }, { b: 2, a: 1 })).not.toBe(0);
    expect(compareBson([1, 2], [1, 2, 0])).toBe(-1);
  });
});

describe('canonicalKey', () => {
  it('is equal exactly for values compareBson finds equal', () => {
    const equal: [unknown, unknown][] = [
      [5, 5n],
      [5, Decimal128.fromString('5')],
      [0, -0],
      [{ a: 1 }, { a: 1n }],
      [new Date(42), new Date(42)],
      [new ObjectId('65a1b2c3d4e5f60718293a4b'), new ObjectId('65a1b2c3d4e5f60718293a4b')],
    ];
    for (const [a, b] of equal) {
      expect(compareBson(a, b)).toBe(0);
      expect(canonicalKey(a)).toBe(canonicalKey(b));
    }
    const different: [unknown, unknown][] = [
      [1, '1'],
      [null, false],
      [
        { a: 1, b: 1 },
        { b: 1, a: 1 },
      ],
      [[1], 1],
      [2n ** 53n + 1n, 2 ** 53],
    ];
    for (const [a, b] of different) {
      expect(compareBson(a, b)).not.toBe(0);
      expect(canonicalKey(a)).not.toBe(canonicalKey(b));
    }
  });
});
