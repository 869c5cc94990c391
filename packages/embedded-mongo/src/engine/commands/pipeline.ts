import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { compileFilter } from '../query/filter';
import { mingoCondition, mingoOptions } from '../query/mingo-context';
import { parseSort } from '../query/sort';
import { isNumeric, isPlainObject, numericValue } from '../values/bson-type';
import { cloneValue } from '../values/clone';
import type { CommandEnv } from './command';
import { readDocuments, type ReadPlan } from './find';

/** What an aggregation pipeline runs over. */
export interface PipelineRun {
  readonly db: string;
  /** The collection or view it reads; undefined for `aggregate: 1` (no input documents). */
  readonly source?: string;
  readonly stages: readonly Document[];
  /** `let` variables (`$$name`). */
  readonly variables?: Document;
}

function* copies(docs: Iterable<Document>): Generator<Document> {
  for (const doc of docs) yield cloneValue(doc);
}

/** A positive integer `$limit`, or undefined (then mingo validates the stage). */
function positiveLimit(value: unknown): number | undefined {
  if (!isNumeric(value)) return undefined;
  const n = Number(numericValue(value));
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The read a pipeline starts with: a leading `$match` is answered like a
 * find's filter, and a `$sort` (with its `$limit`) right after it like a
 * find's sort, so an index can give the order and the limit stops the walk.
 */
export function pipelineSource(
  stages: readonly Document[],
  variables: Document | undefined,
): { read: ReadPlan; rest: Document[] } {
  let next = 0;
  const match: unknown = stages[0]?.$match;
  if (match !== undefined) next++;
  const read: { -readonly [K in keyof ReadPlan]: ReadPlan[K] } = {
    filter: compileFilter(match ?? {}, variables),
  };
  const sort: unknown = stages[next]?.$sort;
  if (isPlainObject(sort) && Object.keys(sort).length > 0) {
    read.sort = parseSort(sort);
    next++;
    const limit = positiveLimit(stages[next]?.$limit);
    if (limit !== undefined) {
      read.limit = limit;
      next++;
    }
  }
  return { read, rest: stages.slice(next) };
}

/**
 * Runs a pipeline with mingo over private copies of the documents and
 * returns the results. A view source is resolved as mongod does: its
 * pipeline (and those of the views under it) runs first, over the
 * collection at the bottom. The read it starts with (see pipelineSource) is
 * answered like a find, so it can use an index. `$lookup` & co. read the
 * other collections and views of the same database.
 */
export function runPipeline(env: CommandEnv, run: PipelineRun): Document[] {
  const { catalog } = env;
  let input: Iterable<Document> = [];
  let stages = [...run.stages];
  if (run.source !== undefined) {
    const resolved = catalog.resolve(run.db, run.source);
    const source = pipelineSource([...resolved.pipeline, ...run.stages], run.variables);
    stages = source.rest;
    input = readDocuments(catalog.collection(run.db, resolved.collection), source.read);
  }
  const resolveCollection = (name: string): Document[] =>
    runPipeline(env, { db: run.db, source: name, stages: [] });
  return new Aggregator(
    mingoCondition(stages),
    mingoOptions({ variables: run.variables, collectionResolver: resolveCollection }),
  ).run(copies(input)) as Document[];
}
