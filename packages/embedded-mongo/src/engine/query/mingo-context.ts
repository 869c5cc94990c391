import { Long, type Document } from 'bson';
import { Context, OpType, ProcessingMode, evalExpr } from 'mingo/core';
import { Lazy, type Iterator } from 'mingo/lazy';
import * as accumulatorOperators from 'mingo/operators/accumulator';
import * as expressionOperators from 'mingo/operators/expression';
import * as pipelineOperators from 'mingo/operators/pipeline';
import * as projectionOperators from 'mingo/operators/projection';
import * as queryOperators from 'mingo/operators/query';
import * as windowOperators from 'mingo/operators/window';
import type { AnyObject, CollectionResolver, Options } from 'mingo/types';
import { flatten, resolve } from 'mingo/util';
import { CommandError, ErrorCode } from '../errors';
import { isNumeric, isPlainObject, numericValue, typeAlias, typeFamily } from '../values/bson-type';
import { canonicalKey } from '../values/canonical-key';
import { bsonEquals, compareBson } from '../values/compare';
import { parseSort, sortDocuments } from './sort';

/*
 * mingo compares values with JS semantics: a Long (bigint) never equals or
 * orders against an Int32/Double, Decimal128 compares as text, and mixed types
 * sort in an order that is not MongoDB's. The operators below replace mingo's
 * comparison operators with BSON-aware ones; everything else is mingo's own.
 */

type FieldTest = (value: unknown, depth: number) => boolean;

/** A query operator `{ field: { $op: value } }` testing the resolved field value. */
function fieldOperator(build: (operand: unknown) => FieldTest) {
  return (selector: string, operand: unknown, _options: Options) => {
    const test = build(operand);
    const depth = selector.split('.').length - 1;
    return (doc: AnyObject) => test(resolve(doc, selector, { unwrapArray: true }), depth);
  };
}

/** Array fields match when the whole array or any element does (elements of nested paths flattened). */
function anyElement(value: unknown, depth: number, match: (v: unknown) => boolean): boolean {
  if (match(value)) return true;
  if (!Array.isArray(value)) return false;
  return value.some(match) || flatten(value, depth).some(match);
}

const isRegex = (value: unknown): value is RegExp => value instanceof RegExp;

function equalsTest(operand: unknown): FieldTest {
  return (value, depth) => anyElement(value, depth, (v) => bsonEquals(v, operand));
}

function inTest(operand: unknown): FieldTest {
  if (!Array.isArray(operand)) throw new CommandError(ErrorCode.BadValue, '$in needs an array');
  const keys = new Set(operand.filter((v) => !isRegex(v)).map(canonicalKey));
  const patterns = operand.filter(isRegex);
  const matchesNull = keys.has(canonicalKey(null));
  const match = (v: unknown): boolean =>
    keys.has(canonicalKey(v)) || (typeof v === 'string' && patterns.some((re) => re.test(v)));
  return (value, depth) => (value === undefined ? matchesNull : anyElement(value, depth, match));
}

/** `$gt` & co. only match values of the operand's type family (MongoDB's type bracketing). */
function rangeTest(accept: (order: number) => boolean, inclusive: boolean) {
  return (operand: unknown): FieldTest => {
    const family = typeFamily(operand);
    const match = (v: unknown): boolean =>
      typeFamily(v) === family && accept(compareBson(v, operand));
    return (value) => {
      if (value === undefined) return inclusive && operand === null;
      if (match(value)) return true;
      return Array.isArray(value) && value.some(match);
    };
  };
}

/** `$type` numbers and their aliases. */
const TYPE_CODES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  14: 'symbol',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};
const TYPE_ALIASES = new Set([...Object.values(TYPE_CODES), 'number']);
const NUMBER_ALIASES = new Set(['double', 'int', 'long', 'decimal']);

/** mingo's `$type` knows neither objectId, long nor decimal: matched here by BSON type. */
function typeTest(operand: unknown): FieldTest {
  const wanted = (Array.isArray(operand) ? operand : [operand]).map((type) => {
    const alias = isNumeric(type) ? TYPE_CODES[Number(numericValue(type))] : type;
    if (typeof alias !== 'string' || !TYPE_ALIASES.has(alias)) {
      throw new CommandError(ErrorCode.BadValue, `Unknown type name alias: ${String(type)}`);
    }
    return alias;
  });
  const match = (v: unknown): boolean => {
    const alias = typeAlias(v);
    return wanted.some((w) => w === alias || (w === 'number' && NUMBER_ALIASES.has(alias)));
  };
  return (value) =>
    value !== undefined && (match(value) || (Array.isArray(value) && value.some(match)));
}

const bsonQueryOperators = {
  $eq: fieldOperator(equalsTest),
  $ne: fieldOperator((operand) => {
    const test = equalsTest(operand);
    return (value, depth) => !test(value, depth);
  }),
  $in: fieldOperator(inTest),
  $nin: fieldOperator((operand) => {
    const test = inTest(operand);
    return (value, depth) => !test(value, depth);
  }),
  $gt: fieldOperator(rangeTest((order) => order > 0, false)),
  $gte: fieldOperator(rangeTest((order) => order >= 0, true)),
  $lt: fieldOperator(rangeTest((order) => order < 0, false)),
  $lte: fieldOperator(rangeTest((order) => order <= 0, true)),
  $type: fieldOperator(typeTest),
};

/**
 * Aggregation expressions compare across types in BSON order; unlike queries,
 * a missing field is not equal to null there (it sorts below it).
 */
function compareExpressionValues(a: unknown, b: unknown): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? -1 : 1;
  return compareBson(a, b);
}

function expressionComparison(accept: (order: number) => boolean) {
  return (obj: AnyObject, expr: unknown, options: Options): boolean => {
    const args = evalExpr(obj, expr, options);
    if (!Array.isArray(args) || args.length !== 2) {
      throw new CommandError(ErrorCode.BadValue, 'Expression takes exactly 2 arguments');
    }
    return accept(compareExpressionValues(args[0], args[1]));
  };
}

const bsonExpressionOperators = {
  $eq: expressionComparison((order) => order === 0),
  $ne: expressionComparison((order) => order !== 0),
  $gt: expressionComparison((order) => order > 0),
  $gte: expressionComparison((order) => order >= 0),
  $lt: expressionComparison((order) => order < 0),
  $lte: expressionComparison((order) => order <= 0),
  $cmp: (obj: AnyObject, expr: unknown, options: Options): number => {
    const args = evalExpr(obj, expr, options) as unknown[];
    return Math.sign(compareExpressionValues(args[0], args[1]));
  },
};

/** The `$sort` stage with MongoDB's ordering across types and over arrays. */
function $sort(collection: Iterator, spec: unknown, _options: Options): Iterator {
  const sort = parseSort(spec);
  return collection.transform((docs: Document[]) => Lazy(sortDocuments(docs, sort)));
}

/*
 * mingo's `$out` and `$merge` write into in-memory arrays; the engine runs
 * them itself through the catalog (commands/aggregate-output.ts), so mingo
 * never sees them — not even nested in `$facet` or `$lookup`.
 */
const readingStages = Object.fromEntries(
  Object.entries(pipelineOperators).filter(([name]) => name !== '$out' && name !== '$merge'),
);

/**
 * Every mingo operator, with the comparisons above taking precedence (a
 * Context keeps the first operator registered under a name).
 */
const ENGINE_CONTEXT = Context.init({
  query: { ...queryOperators, ...bsonQueryOperators },
  expression: { ...expressionOperators, ...bsonExpressionOperators },
  pipeline: { ...readingStages, $sort },
  accumulator: accumulatorOperators,
  projection: projectionOperators,
  window: windowOperators,
});

/** Whether mingo knows this aggregation stage. */
export function isPipelineStage(name: string): boolean {
  return ENGINE_CONTEXT.getOperator(OpType.PIPELINE, name) !== null;
}

/**
 * A query condition (filter, `$match` stage, array filter) as mingo may
 * receive it. mingo's Query formats a JSON.stringify of the condition for an
 * assertion message on every compile, which throws on a bigint: Longs are
 * handed over as bson `Long` objects instead, which the comparison operators
 * above read as the same number.
 */
export function mingoCondition<T>(value: T): T {
  if (typeof value === 'bigint') return Long.fromBigInt(value) as T;
  if (Array.isArray(value)) return value.map(mingoCondition) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) copy[key] = mingoCondition(field);
    return copy as T;
  }
  return value;
}

/**
 * `let` variables as mingo takes them: each is an expression mongod
 * evaluates once, before the command runs (`{ $literal: "$x" }` is "$x").
 */
export function evaluateVariables(variables: Document | undefined): Document | undefined {
  if (!variables) return undefined;
  const options = mingoOptions();
  const values: Document = {};
  for (const [name, expression] of Object.entries(variables)) {
    values[name] = evalExpr({}, mingoCondition(expression), options);
  }
  return values;
}

/** Per-call settings for mingo. */
export interface MingoSettings {
  /** `let` variables (`$$name`). */
  readonly variables?: Document;
  /** Other collections of the database, for `$lookup`, `$unionWith`, `$graphLookup`. */
  readonly collectionResolver?: CollectionResolver;
}

/** mingo options for the engine: strict MongoDB mode, no JavaScript, the BSON-aware operators. */
export function mingoOptions(settings: MingoSettings = {}): Options {
  return {
    context: ENGINE_CONTEXT,
    idKey: '_id',
    useStrictMode: true,
    scriptEnabled: false,
    failOnError: true,
    // The engine hands mingo private copies, so mingo need not copy again.
    processingMode: ProcessingMode.CLONE_OFF,
    variables: settings.variables,
    collectionResolver: settings.collectionResolver,
  };
}
