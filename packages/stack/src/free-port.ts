import { createServer } from 'node:net';

/**
 * Ports are picked below Linux's default ephemeral range (32768–60999), which
 * outgoing connections draw their local ports from: a picked port can then
 * only be taken by another listener before we bind it, never by one of the
 * many connections the services, tests and engine open meanwhile.
 */
const RANGE = { from: 20_000, to: 32_000 };

/**
 * A port nothing listens on right now. For pieces that must know each other's
 * URLs before they start (the OpenID client's redirect URI names the gateway's
 * port; the users service calls the auth service); random in a range outside
 * the ephemeral one, so two stacks starting at once rarely pick the same.
 */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  for (;;) {
    const port = RANGE.from + Math.floor(Math.random() * (RANGE.to - RANGE.from));
    if (await canListen(port, host)) return port;
  }
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}
