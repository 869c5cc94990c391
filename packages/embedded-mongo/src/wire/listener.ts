import { createServer, type AddressInfo } from 'node:net';
import type { Engine } from '../engine/types';
import { Connection } from './connection';
import type { Logger } from './logger';

export interface WireListenerOptions {
  /** Interface to bind, e.g. `127.0.0.1`. */
  readonly host: string;
  /** TCP port; 0 lets the system pick a free one. */
  readonly port: number;
  readonly logger: Logger;
}

export interface ConnectionCounts {
  /** Open client connections. */
  readonly current: number;
  /** Connections accepted since start. */
  readonly totalCreated: number;
}

export interface WireListener {
  /** The bound port (the system's choice when 0 was asked for). */
  readonly port: number;
  /** For `serverStatus.connections`. */
  connectionCounts(): ConnectionCounts;
  /** Stops accepting, closes every client connection, resolves once the listener is closed. */
  close(): Promise<void>;
}

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  if (error.code === 'EADDRINUSE') return new Error(`${where} is already in use`, { cause: error });
  if (error.code === 'EACCES')
    return new Error(`not allowed to listen on ${where}`, { cause: error });
  return new Error(`cannot listen on ${where}: ${error.message}`, { cause: error });
}

/** Serves the MongoDB wire protocol on a TCP port, running every command on `engine`. */
export function listen(engine: Engine, options: WireListenerOptions): Promise<WireListener> {
  const { host, port, logger } = options;
  // Replies are small and latency-bound: never let Nagle hold them back.
  const server = createServer({ noDelay: true });
  const connections = new Set<Connection>();
  let lastConnectionId = 0;
  let lastReplyId = 0;
  const nextReplyId = () => (lastReplyId = (lastReplyId + 1) & 0x7fffffff);

  server.on('connection', (socket) => {
    const connectionId = ++lastConnectionId;
    const connection = new Connection(socket, { connectionId, engine, logger, nextReplyId });
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
  });

  return new Promise((resolve, reject) => {
    const failToStart = (error: NodeJS.ErrnoException) =>
      reject(describeListenError(error, host, port));
    server.once('error', failToStart);
    server.listen(port, host, () => {
      server.off('error', failToStart);
      // After start (e.g. EMFILE on accept) the listener keeps serving the clients it has.
      server.on('error', (error) => logger.error({ error }, 'listener error'));
      resolve({
        port: (server.address() as AddressInfo).port,
        connectionCounts: () => ({ current: connections.size, totalCreated: lastConnectionId }),
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            for (const connection of connections) connection.destroy();
          }),
      });
    });
  });
}
