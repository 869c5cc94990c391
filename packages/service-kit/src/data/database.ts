import mongoose, { type ConnectOptions, type Connection } from 'mongoose';

const connections = new Map<string, Connection>();

/**
 * The mongoose connection of one service, created unopened so model files
 * can bind to it at import time (`getModelForClass(X, { existingConnection })`);
 * queries wait until {@link openDatabase} opens it. Each service has its own
 * database, `weace_<service>`, and never reads another's.
 */
export function serviceDatabase(service: string): Connection {
  let connection = connections.get(service);
  if (!connection) {
    connection = mongoose.createConnection();
    connections.set(service, connection);
  }
  return connection;
}

export function databaseName(service: string): string {
  return `weace_${service}`;
}

/**
 * Opens the service's connection and builds its models' indexes before
 * traffic arrives. `options` reach the driver as they are (tests pass
 * `monitorCommands: true` to count the queries a request makes).
 */
export async function openDatabase(
  service: string,
  uri: string,
  options: ConnectOptions = {},
): Promise<Connection> {
  const connection = serviceDatabase(service);
  await connection.openUri(uri, { dbName: databaseName(service), autoIndex: false, ...options });
  await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
  return connection;
}
