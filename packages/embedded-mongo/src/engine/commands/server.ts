import { hostname } from 'node:os';
import type { Document } from 'bson';
import { MAX_BSON_OBJECT_SIZE } from '../catalog/document-rules';
import { CommandError, ErrorCode } from '../errors';
import type { CommandCall, CommandEnv, CommandHandler, CommandTable } from './command';

/** The MongoDB release the engine presents itself as. */
export const SERVER_VERSION = '7.0.0';
/** MongoDB 7.0's wire version. */
export const MAX_WIRE_VERSION = 21;

/**
 * `hello` / `isMaster`: the writable primary of a one-member replica set. No
 * `topologyVersion`, so drivers poll instead of holding streaming (awaitable)
 * hello requests.
 */
function hello(call: CommandCall, env: CommandEnv): Document {
  const legacy = call.name !== 'hello';
  return {
    ...(call.body.helloOk !== undefined ? { helloOk: true } : {}),
    ...(legacy ? { ismaster: true } : { isWritablePrimary: true }),
    ...env.replicaSet.helloFields(),
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: call.context.connectionId,
    minWireVersion: 0,
    maxWireVersion: MAX_WIRE_VERSION,
    readOnly: false,
  };
}

function buildInfo(): Document {
  return {
    version: SERVER_VERSION,
    gitVersion: 'embedded',
    versionArray: [7, 0, 0, 0],
    modules: [],
    javascriptEngine: 'none',
    bits: 64,
    debug: false,
    maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
    storageEngines: ['embedded'],
  };
}

function serverStatus(_call: CommandCall, env: CommandEnv): Document {
  const now = Date.now();
  const connections = env.connections?.();
  return {
    host: hostname(),
    version: SERVER_VERSION,
    process: 'mongod',
    pid: BigInt(process.pid),
    uptime: Math.floor((now - env.startedAt) / 1000),
    uptimeMillis: BigInt(now - env.startedAt),
    uptimeEstimate: BigInt(Math.floor((now - env.startedAt) / 1000)),
    localTime: new Date(now),
    ...(connections ? { connections: { ...connections } } : {}),
  };
}

const acknowledge: CommandHandler = () => ({});

function replSetGetStatus(call: CommandCall, env: CommandEnv): Document {
  if (call.db !== 'admin') {
    throw new CommandError(
      ErrorCode.Unauthorized,
      'replSetGetStatus may only be run against the admin database.',
    );
  }
  return env.replicaSet.status();
}

export const serverCommands: CommandTable = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: acknowledge,
  buildInfo,
  buildinfo: buildInfo,
  serverStatus,
  replSetGetStatus,
};
