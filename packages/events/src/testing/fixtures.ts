import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { EventLogger } from '../logger';

/** The NATS server the tests use: `.ci/run` makes sure one runs there. */
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const quiet = () => undefined;
export const silentLogger: EventLogger = { debug: quiet, info: quiet, warn: quiet, error: quiet };

/** Removes the streams a test run made (named `<prefix>…`), so runs leave the shared server clean. */
export async function deleteStreams(prefix: string): Promise<void> {
  const nc = await connect({ servers: NATS_URL });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(prefix)) await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}
