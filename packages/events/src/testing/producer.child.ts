/**
 * A producer process for the crash test: it commits one event to its outbox
 * while its transport cannot publish (a NATS URL nobody listens on), says
 * so on stdout, and waits to be killed.
 */
import mongoose from 'mongoose';
import { createEventBus } from '../bus';
import { createNatsTransport } from '../transports/nats.transport';
import { silentLogger } from './fixtures';

async function main() {
  const [uri, deadNatsUrl, userId] = process.argv.slice(2);
  const connection = mongoose.createConnection();
  await connection.openUri(uri!, { dbName: 'weace_users' });
  const bus = createEventBus({
    service: 'users',
    connection,
    transport: createNatsTransport({ servers: deadNatsUrl!, logger: silentLogger }),
    logger: silentLogger,
  });
  await bus.start();
  await bus.withTransaction((session) =>
    bus.publish(session, { type: 'user.deleted', subject: userId!, payload: { userId: userId! } }),
  );
  process.stdout.write('committed\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
