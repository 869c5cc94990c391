import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface Listening {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /** Stops accepting connections and closes idle keep-alive ones, so shutdown does not wait for them. */
  close(): Promise<void>;
}

/** Starts an HTTP server on `port` (0 = any free port) and resolves once it accepts connections. */
export function listen(
  handler: RequestListener,
  port: number,
  host = '127.0.0.1',
): Promise<Listening> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const actual = (server.address() as AddressInfo).port;
      resolve({
        server,
        port: actual,
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${actual}`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
