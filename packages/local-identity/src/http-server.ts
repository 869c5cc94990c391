import { type RequestListener, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP server listening on a local port, with the URL it answers on. */
export interface ListeningServer {
  /** Origin without a trailing slash, e.g. `http://127.0.0.1:9229`. */
  readonly url: string;
  /** Stops accepting connections and drops idle keep-alive sockets so the process can exit. */
  close(): Promise<void>;
}

/**
 * Starts listening before the request handler exists: the emulators need their own URL
 * (issuer, token `iss`) to be built, and with port 0 that URL is known only once bound.
 */
export async function listenLocally(
  port: number,
  host: string,
): Promise<{ server: ListeningServer; handle(listener: RequestListener): void }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    server: { url: `http://${host}:${boundPort}`, close: () => closeServer(server) },
    handle: (listener) => server.on('request', listener),
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
