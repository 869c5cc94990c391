import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A NATS server of a test's own, which the test may stop and start again (same port, same store). */
export interface TestNatsServer {
  readonly url: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Stops it and removes its store. */
  remove(): Promise<void>;
}

const NATS_SERVER = process.env.NATS_SERVER_BIN ?? 'nats-server';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startTestNatsServer(): Promise<TestNatsServer> {
  const port = await freePort();
  const store = await mkdtemp(join(tmpdir(), 'weace-nats-'));
  let child: ChildProcess | undefined;
  const start = () =>
    new Promise<void>((resolve, reject) => {
      const started = spawn(
        NATS_SERVER,
        ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
        },
      );
      child = started;
      let log = '';
      started.once('error', reject);
      started.stderr!.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        if (log.includes('Server is ready')) resolve();
      });
      started.once('exit', (code) => reject(new Error(`nats-server exited with ${code}: ${log}`)));
    });
  const stop = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url: `nats://127.0.0.1:${port}`,
    start,
    stop,
    async remove() {
      await stop();
      await rm(store, { recursive: true, force: true });
    },
  };
}
