import { hostname } from 'node:os';
import type { Document } from 'bson';
import type { CollectionAccess } from '../catalog/catalog-access';
import { CommandError, ErrorCode } from '../errors';
import { indexBounds, type QueryPlan } from '../query/plan';
import type { SortSpec } from '../query/sort';
import { prepareRead, type ReadPlan } from './find';
import { SERVER_VERSION } from './server';

export type Verbosity = 'queryPlanner' | 'executionStats' | 'allPlansExecution';

const VERBOSITIES = new Set<unknown>(['queryPlanner', 'executionStats', 'allPlansExecution']);

/** The `verbosity` of an explain; mongod's default is the most detailed. */
export function verbosityOf(value: unknown): Verbosity {
  if (value === undefined) return 'allPlansExecution';
  if (!VERBOSITIES.has(value)) {
    throw new CommandError(
      ErrorCode.FailedToParse,
      "verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}",
    );
  }
  return value as Verbosity;
}

function sortPattern(sort: SortSpec): Document {
  if (sort.natural !== undefined) return { $natural: sort.natural };
  return Object.fromEntries(sort.fields.map((field) => [field.path, field.direction]));
}

/** The plan as mongod's stage tree: LIMIT → SKIP → SORT → FETCH → IXSCAN, or … → COLLSCAN. */
function stagesOf(plan: QueryPlan | undefined, read: ReadPlan): Document {
  let stage: Document;
  if (plan?.kind === 'ixscan') {
    const { definition } = plan.index;
    stage = {
      stage: 'FETCH',
      ...(plan.exact ? {} : { filter: plan.filter.filter }),
      inputStage: {
        stage: 'IXSCAN',
        keyPattern: definition.key,
        indexName: definition.name,
        isMultiKey: plan.multikey,
        isUnique: definition.unique,
        isSparse: definition.sparse,
        isPartial: definition.partialFilterExpression !== undefined,
        indexVersion: 2,
        direction: plan.backward ? 'backward' : 'forward',
        indexBounds: indexBounds(plan),
      },
    };
  } else {
    stage = { stage: 'COLLSCAN', filter: read.filter.filter, direction: 'forward' };
  }
  const limit = read.limit ? read.limit + (read.skip ?? 0) : 0;
  if (read.sort && !plan?.sorted) {
    stage = {
      stage: 'SORT',
      sortPattern: sortPattern(read.sort),
      memLimit: 104_857_600,
      ...(limit ? { limitAmount: limit } : {}),
      type: 'simple',
      inputStage: stage,
    };
  }
  if (read.skip) stage = { stage: 'SKIP', skipAmount: read.skip, inputStage: stage };
  if (read.limit) stage = { stage: 'LIMIT', limitAmount: read.limit, inputStage: stage };
  return stage;
}

/** What explain says about one read: how it is planned and, past `queryPlanner`, what it did. */
export interface ReadExplanation {
  readonly queryPlanner: Document;
  readonly executionStats?: Document;
}

/**
 * Plans `read` as the command would and, for `executionStats` and
 * `allPlansExecution`, runs it to count what it returns and examines.
 * `wrap` puts the command's own stage on top (e.g. COUNT).
 */
export function explainRead(
  ns: string,
  collection: CollectionAccess | undefined,
  read: ReadPlan,
  verbosity: Verbosity,
  wrap: (stage: Document) => Document = (stage) => stage,
): ReadExplanation {
  const started = process.hrtime.bigint();
  const prepared = prepareRead(collection, read);
  const winningPlan = wrap(stagesOf(prepared.plan, read));
  const queryPlanner = {
    namespace: ns,
    indexFilterSet: false,
    parsedQuery: read.filter.filter,
    winningPlan,
    rejectedPlans: [],
  };
  if (verbosity === 'queryPlanner') return { queryPlanner };
  let returned = 0;
  for (const doc of prepared.docs) if (doc) returned++;
  return {
    queryPlanner,
    executionStats: {
      executionSuccess: true,
      nReturned: returned,
      executionTimeMillis: Math.round(Number(process.hrtime.bigint() - started) / 1e6),
      totalKeysExamined: prepared.stats.keysExamined,
      totalDocsExamined: prepared.stats.docsExamined,
      executionStages: winningPlan,
      ...(verbosity === 'allPlansExecution' ? { allPlansExecution: [] } : {}),
    },
  };
}

/** The fields every explain reply carries besides the plan. */
export function explainEnvelope(command: Document, db: string): Document {
  return {
    explainVersion: '1',
    command: { ...command, $db: db },
    serverInfo: { host: hostname(), version: SERVER_VERSION, gitVersion: 'embedded' },
  };
}
