import { Types, isValidObjectId } from 'mongoose';
import { BadUserInputError } from '../errors/errors';

/** The argument a cursor came in, named by BAD_USER_INPUT when it is not one of ours. */
export type CursorArg = 'after' | 'before';

/** A value a list can be sorted by: dates, scores, names. */
export type SortValue = Date | number | string;

/** Where an item sits in a list sorted by `field` then `_id`. */
export interface CursorPosition {
  readonly value: SortValue;
  readonly id: Types.ObjectId;
}

/** The opaque cursor of an item listed in `_id` order. */
export function encodeCursor(id: Types.ObjectId): string {
  return Buffer.from(id.toHexString(), 'hex').toString('base64url');
}

/** The `_id` a cursor points at; BAD_USER_INPUT on `arg` when it is not one of ours. */
export function decodeCursor(cursor: string, arg: CursorArg = 'after'): Types.ObjectId {
  const hex = Buffer.from(cursor, 'base64url').toString('hex');
  if (!isValidObjectId(hex) || hex.length !== 24) throw notACursor(arg);
  return new Types.ObjectId(hex);
}

/**
 * The opaque cursor of an item listed by `field` then `_id`. The field's name
 * travels in it, so a cursor of one ordering is refused by another.
 */
export function encodeSortCursor(field: string, { value, id }: CursorPosition): string {
  const typed = value instanceof Date ? ['d', value.toISOString()] : [typeof value, value];
  return Buffer.from(JSON.stringify([field, ...typed, id.toHexString()])).toString('base64url');
}

/** The position a cursor of `field`'s ordering points at; BAD_USER_INPUT on `arg` otherwise. */
export function decodeSortCursor(field: string, cursor: string, arg: CursorArg): CursorPosition {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw notACursor(arg);
  }
  if (!Array.isArray(parts) || parts.length !== 4 || parts[0] !== field) throw notACursor(arg);
  const [, kind, raw, hex] = parts as [string, unknown, unknown, unknown];
  if (typeof hex !== 'string' || hex.length !== 24 || !isValidObjectId(hex)) throw notACursor(arg);
  const value =
    kind === 'd' && typeof raw === 'string'
      ? new Date(raw)
      : (kind === 'number' && typeof raw === 'number') ||
          (kind === 'string' && typeof raw === 'string')
        ? raw
        : undefined;
  if (value === undefined || (value instanceof Date && Number.isNaN(value.getTime()))) {
    throw notACursor(arg);
  }
  return { value, id: new Types.ObjectId(hex) };
}

const notACursor = (arg: CursorArg) =>
  new BadUserInputError(`${arg} is not a cursor this list returned`, arg);
