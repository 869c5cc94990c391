import { parseArgs } from 'node:util';
import { createJsonLogger } from './wire/logger';
import { startServer, type StartServerOptions } from './wire/server';

const usage = `Usage: embedded-mongo [--port <n>] [--host <address>] [--dbpath <dir>] [--replSet <name>]

Serves the MongoDB wire protocol for development and tests (not for production).
Prints its connection URI on stdout, logs JSON lines on stderr, and stops
cleanly (journal synced) on SIGINT or SIGTERM.

  --port <n>        TCP port, 0 for any free one (default 27017)
  --host <address>  interface to bind (default 127.0.0.1)
  --dbpath <dir>    keep a journal and snapshots there; without it, memory only
  --replSet <name>  replica set name hello reports (default rs0)
  -h, --help        show this help`;

class UsageError extends Error {}

function parseOptions(argv: string[]): StartServerOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        dbpath: { type: 'string' },
        replSet: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.help) return 'help';
  const { port, host, dbpath, replSet } = parsed;
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) <= 65535)) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got '${port}'`);
  }
  if (host === '') throw new UsageError('--host needs an address');
  if (dbpath === '') throw new UsageError('--dbpath needs a directory');
  if (replSet === '') throw new UsageError('--replSet needs a name');
  return {
    port: port === undefined ? undefined : Number(port),
    host,
    dbPath: dbpath,
    replicaSetName: replSet,
  };
}

async function main(argv: string[]): Promise<void> {
  let options;
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`embedded-mongo: ${error.message}\n\n${usage}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${usage}\n`);
    return;
  }

  const logger = createJsonLogger('info');
  let server;
  try {
    server = await startServer({ ...options, logger });
  } catch (error) {
    process.stderr.write(`embedded-mongo: ${(error as Error).message}\n`);
    process.exitCode = 1;
    return;
  }
  process.stdout.write(`${server.uri}\n`);
  logger.info({ uri: server.uri, dbPath: options.dbPath ?? null }, 'serving');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`embedded-mongo: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.stop().then(
      () => {
        logger.info({}, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ error }, 'failed to stop cleanly');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main(process.argv.slice(2));
