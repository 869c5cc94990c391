import { createServer } from 'node:net';

/**
 * A port nothing listens on right now. For pieces that must know each other's
 * URLs before they start (the OpenID client's redirect URI names the gateway's
 * port; the users service calls the auth service): the kernel hands out
 * ephemeral ports in turn, so the one just released is not given again at once.
 */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}
