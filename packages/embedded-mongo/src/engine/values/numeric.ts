import { Decimal128 } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isDecimal128, numericValue } from './bson-type';

/** A BSON number as the engine stores it: Int32/Double as number, Long as bigint, or Decimal128. */
export type BsonNumber = number | bigint | Decimal128;

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** An exact decimal: coefficient × 10^exponent. */
interface Decimal {
  readonly coefficient: bigint;
  readonly exponent: number;
}

const DECIMAL_TEXT = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Exact decimal of a finite number/bigint/Decimal128 (a double converts through its shortest text). */
function toDecimal(value: BsonNumber): Decimal | undefined {
  if (typeof value === 'bigint') return { coefficient: value, exponent: 0 };
  const match = DECIMAL_TEXT.exec(value.toString());
  if (!match) return undefined; // NaN, Infinity
  const [, sign, whole, fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${whole}${fraction}`);
  return {
    coefficient: sign === '-' ? -digits : digits,
    exponent: Number(exponent) - fraction.length,
  };
}

function decimalToBson(value: Decimal): Decimal128 {
  return Decimal128.fromStringWithRounding(`${value.coefficient}E${value.exponent}`);
}

function decimalOperation(
  a: BsonNumber,
  b: BsonNumber,
  exact: (x: Decimal, y: Decimal) => Decimal,
  approximate: (x: number, y: number) => number,
): Decimal128 {
  const x = toDecimal(a);
  const y = toDecimal(b);
  if (!x || !y) {
    return Decimal128.fromString(
      String(approximate(Number(numericValue(a)), Number(numericValue(b)))),
    );
  }
  return decimalToBson(exact(x, y));
}

function checkedLong(value: bigint, operation: string): bigint {
  if (value < INT64_MIN || value > INT64_MAX) {
    throw new CommandError(ErrorCode.BadValue, `Failed to apply ${operation}: integer overflow`);
  }
  return value;
}

const isDouble = (value: BsonNumber): boolean =>
  typeof value === 'number' && !Number.isInteger(value);

/**
 * `a + b` with MongoDB's result types: Decimal128 if either is one, else a
 * double if either is a non-integral double, else a Long if either is one.
 */
export function addNumbers(a: BsonNumber, b: BsonNumber): BsonNumber {
  if (isDecimal128(a) || isDecimal128(b)) {
    return decimalOperation(
      a,
      b,
      (x, y) => {
        const exponent = Math.min(x.exponent, y.exponent);
        const scale = (d: Decimal): bigint => d.coefficient * 10n ** BigInt(d.exponent - exponent);
        return { coefficient: scale(x) + scale(y), exponent };
      },
      (x, y) => x + y,
    );
  }
  if (typeof a === 'number' && typeof b === 'number') return a + b;
  if (isDouble(a) || isDouble(b)) return Number(a) + Number(b);
  return checkedLong(BigInt(a as number | bigint) + BigInt(b as number | bigint), '$inc');
}

/** `a × b` with the result types of {@link addNumbers}. */
export function multiplyNumbers(a: BsonNumber, b: BsonNumber): BsonNumber {
  if (isDecimal128(a) || isDecimal128(b)) {
    return decimalOperation(
      a,
      b,
      (x, y) => ({ coefficient: x.coefficient * y.coefficient, exponent: x.exponent + y.exponent }),
      (x, y) => x * y,
    );
  }
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (isDouble(a) || isDouble(b)) return Number(a) * Number(b);
  return checkedLong(BigInt(a as number | bigint) * BigInt(b as number | bigint), '$mul');
}

/** Normalises bson numeric wrapper classes (Int32, Double, Long) to the engine's representation. */
export function toBsonNumber(value: number | bigint | object): BsonNumber {
  return isDecimal128(value) ? value : numericValue(value);
}
