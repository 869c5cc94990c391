import type { Document } from 'bson';
import { Aggregator } from 'mingo/aggregator';
import { compileFilter } from '../query/filter';
import { mingoCondition, mingoOptions } from '../query/mingo-context';
import { cloneValue } from '../values/clone';
import type { CommandEnv } from './command';
import { readDocuments } from './find';

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

/**
 * Runs a pipeline with mingo over private copies of the documents and
 * returns the results. A view source is resolved as mongod does: its
 * pipeline (and those of the views under it) runs first, over the
 * collection at the bottom. A leading `$match` is answered like a find, so it
 * can use an index. `$lookup` & co. read the other collections and views of
 * the same database.
 */
export function runPipeline(env: CommandEnv, run: PipelineRun): Document[] {
  const { catalog } = env;
  let input: Iterable<Document> = [];
  let stages = [...run.stages];
  if (run.source !== undefined) {
    const resolved = catalog.resolve(run.db, run.source);
    stages = [...resolved.pipeline, ...run.stages];
    const leadingMatch = stages[0]?.$match as unknown;
    const filter = compileFilter(leadingMatch ?? {}, run.variables);
    if (leadingMatch !== undefined) stages = stages.slice(1);
    input = readDocuments(catalog.collection(run.db, resolved.collection), { filter });
  }
  const resolveCollection = (name: string): Document[] =>
    runPipeline(env, { db: run.db, source: name, stages: [] });
  return new Aggregator(
    mingoCondition(stages),
    mingoOptions({ variables: run.variables, collectionResolver: resolveCollection }),
  ).run(copies(input)) as Document[];
}
