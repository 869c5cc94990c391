import { MongoClient, type Db, type MongoClientOptions } from 'mongodb';
import { startServer, type RunningServer, type StartServerOptions } from '../index';

/** A server on a free port with the official driver connected to it. */
export interface DriverFixture {
  readonly server: RunningServer;
  readonly client: MongoClient;
  /** A database no other test of the file uses. */
  freshDb(prefix?: string): Db;
  stop(): Promise<void>;
}

const silent = { info() {}, warn() {}, error() {} };

export async function startDriverFixture(
  serverOptions: StartServerOptions = {},
  clientOptions: MongoClientOptions = {},
): Promise<DriverFixture> {
  const server = await startServer({ port: 0, logger: silent, ...serverOptions });
  const client = new MongoClient(server.uri, { serverSelectionTimeoutMS: 5_000, ...clientOptions });
  await client.connect();
  let counter = 0;
  return {
    server,
    client,
    freshDb: (prefix = 'test') => client.db(`${prefix}_${++counter}`),
    stop: async () => {
      await client.close();
      await server.stop();
    },
  };
}
