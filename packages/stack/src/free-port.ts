import { createServer } from 'node:net';

/**
 * Ports are handed out below Linux's default ephemeral range (32768–60999),
 * which outgoing connections draw their local ports from, so a port picked
 * here can only be taken by another listener before we bind it, never by one
 * of the many connections the services, tests and engine open meanwhile.
 * Each process (each jest worker) walks its own slice of 20000–31999 in turn:
 * two stacks starting at once in two workers never pick the same port, and
 * one process never picks a port twice before binding it.
 */
const FIRST = 20_000;
const SLICE = 1_500;
const SLICES = 8;
const slice = Number(process.env.JEST_WORKER_ID ?? process.pid) % SLICES;
let offset = Math.floor(Math.random() * SLICE);

/**
 * A port nothing listens on right now, for pieces that must know each other's
 * URLs before they start (the OpenID client's redirect URI names the
 * gateway's port; the users service calls the auth service).
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (let tried = 0; tried < SLICE; tried++) {
    const port = FIRST + slice * SLICE + (offset++ % SLICE);
    if (await canListen(port, host)) return port;
  }
  throw new Error(
    `no free port between ${FIRST + slice * SLICE} and ${FIRST + (slice + 1) * SLICE}`,
  );
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
