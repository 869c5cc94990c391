import { deserialize, serialize, type Document } from 'bson';
import { createEngine } from './engine';
import type { Change, Engine, EngineOptions } from './types';

/** An engine under test, driven the way the wire layer drives it. */
export interface EngineFixture {
  readonly engine: Engine;
  /** Change batches handed to the persistence, in order. */
  readonly persisted: Change[][];
  /**
   * Runs a command; the command and the reply go through BSON as on the wire.
   * The cluster-time gossip every reply carries (`$clusterTime`,
   * `operationTime`) is left out, so tests compare replies as mongod documents
   * them; the engine's own tests check it.
   */
  run(command: Document, db?: string): Promise<Document>;
  /** Runs a command that must succeed; throws with mongod's errmsg otherwise. */
  ok(command: Document, db?: string): Promise<Document>;
  /** All documents of a collection in natural order. */
  all(collection: string, db?: string): Promise<Document[]>;
  close(): void;
}

const decode = (doc: Document): Document => deserialize(serialize(doc), { useBigInt64: true });

/** Starts an engine whose persistence records every change batch. */
export function engineFixture(options: EngineOptions = {}): EngineFixture {
  const persisted: Change[][] = [];
  const engine = createEngine({
    persistence: {
      write: async (changes) => {
        persisted.push([...changes]);
      },
    },
    ...options,
  });
  const run = async (command: Document, db = 'test'): Promise<Document> => {
    const reply = decode(await engine.runCommand(db, decode(command), { connectionId: 7 }));
    delete reply.$clusterTime;
    delete reply.operationTime;
    return reply;
  };
  const ok = async (command: Document, db?: string): Promise<Document> => {
    const reply = await run(command, db);
    if (reply.ok !== 1)
      throw new Error(`${String(reply.codeName)} ${String(reply.code)}: ${String(reply.errmsg)}`);
    return reply;
  };
  const all = async (collection: string, db?: string): Promise<Document[]> => {
    const reply = await ok({ find: collection, filter: {}, batchSize: 100_000 }, db);
    return reply.cursor.firstBatch as Document[];
  };
  return { engine, persisted, run, ok, all, close: () => engine.close() };
}
