import type { Document } from 'bson';
import { CommandError, ErrorCode } from '../errors';
import { isDecimal128, isNumeric, typeAlias } from '../values/bson-type';
import { compareBson } from '../values/compare';
import { formatValue } from '../values/format';
import { addNumbers, multiplyNumbers, toBsonNumber, type BsonNumber } from '../values/numeric';
import { getPath } from '../values/paths';
import { isPositional } from './update-spec';

/*
 * mingo's $inc/$mul only know JS numbers (a Long or Decimal128 field is left
 * unchanged without error) and its $min/$max order mixed types its own way.
 * For plain paths (no positional operator) the engine computes these with
 * BSON semantics and hands mingo a `$set` of the result; mingo keeps the
 * positional cases.
 */

const needsBsonArithmetic = (value: unknown): boolean =>
  typeof value === 'bigint' ||
  isDecimal128(value) ||
  (isNumeric(value) && typeof value === 'object');

const VERBS: Record<string, string> = { $inc: 'increment', $mul: 'multiply' };

function lastField(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}

function arithmetic(
  operator: '$inc' | '$mul',
  doc: Document,
  path: string,
  operand: unknown,
): BsonNumber | undefined {
  if (!isNumeric(operand)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      `Cannot ${VERBS[operator]} with non-numeric argument: {${path}: ${formatValue(operand)}}`,
    );
  }
  if (path.split('.').some(isPositional)) return undefined;
  const current = getPath(doc, path);
  if (current !== undefined && !isNumeric(current)) {
    throw new CommandError(
      ErrorCode.TypeMismatch,
      `Cannot apply ${operator} to a value of non-numeric type. {_id: ${formatValue(doc._id)}} has the field '${lastField(path)}' of non-numeric type ${typeAlias(current)}`,
    );
  }
  if (!needsBsonArithmetic(operand) && !needsBsonArithmetic(current)) return undefined;
  const amount = toBsonNumber(operand);
  // On a missing field $inc stores the operand and $mul a zero of the operand's type.
  if (current === undefined) return operator === '$inc' ? amount : multiplyNumbers(amount, 0);
  const base = toBsonNumber(current as number | bigint | object);
  return operator === '$inc' ? addNumbers(base, amount) : multiplyNumbers(base, amount);
}

/**
 * Rewrites `$inc`, `$mul`, `$min` and `$max` on plain paths into `$set` of
 * their BSON result (or nothing for a `$min`/`$max` that keeps the value),
 * after mongod's type checks. Positional paths are left as they are.
 */
export function resolveNumericOperators(
  doc: Document,
  operators: Readonly<Record<string, Document>>,
): Record<string, Document> {
  const result: Record<string, Document> = {};
  const set: Document = { ...operators.$set };
  for (const [operator, fields] of Object.entries(operators)) {
    if (operator === '$set') continue;
    if (operator !== '$inc' && operator !== '$mul' && operator !== '$min' && operator !== '$max') {
      result[operator] = fields;
      continue;
    }
    const kept: Document = {};
    for (const [path, operand] of Object.entries(fields)) {
      if (operator === '$inc' || operator === '$mul') {
        const value = arithmetic(operator, doc, path, operand);
        if (value === undefined) kept[path] = operand;
        else set[path] = value;
      } else if (path.split('.').some(isPositional)) {
        kept[path] = operand;
      } else {
        const current = getPath(doc, path);
        const order = compareBson(operand, current);
        if (current === undefined || (operator === '$min' ? order < 0 : order > 0))
          set[path] = operand;
      }
    }
    if (Object.keys(kept).length > 0) result[operator] = kept;
  }
  if (Object.keys(set).length > 0) result.$set = set;
  return result;
}
