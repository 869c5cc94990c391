import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What a subgraph instance received, as the proxy in front of it saw it. */
export interface Received {
  readonly body: string;
  readonly internalToken?: string;
  readonly traceparent?: string;
}

/**
 * A stand-in for one subgraph instance: forwards to the real one, and lets a
 * test slow it down, crash it (stop) and bring it back (start) on the same
 * port, while recording every GraphQL request and every one the gateway
 * cancelled before the answer.
 */
export interface UpstreamProxy {
  /** The instance's GraphQL URL, for `subgraphUrls`. */
  readonly url: string;
  /** Waits this long before forwarding GraphQL requests. Default 0. */
  delayMs: number;
  readonly received: Received[];
  /** GraphQL requests whose connection closed before their answer. */
  cancelled: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startUpstreamProxy(target: string): Promise<UpstreamProxy> {
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const proxy: UpstreamProxy = {
    url: '',
    delayMs: 0,
    received: [],
    cancelled: 0,
    async start() {
      server = createServer((req, res) => {
        void (async () => {
          const body = await bodyOf(req);
          const graphql = req.url?.startsWith('/graphql') ?? false;
          const header = (name: string) => req.headers[name] as string | undefined;
          if (graphql) {
            proxy.received.push({
              body,
              internalToken: header('x-internal-token'),
              traceparent: header('traceparent'),
            });
          }
          let closed = false;
          res.once('close', () => {
            closed = !res.writableFinished;
            if (closed && graphql) proxy.cancelled++;
          });
          if (graphql && proxy.delayMs) await sleep(proxy.delayMs);
          if (closed) return;
          const upstream = await fetch(new URL(req.url ?? '/', target), {
            method: req.method,
            headers: Object.fromEntries(
              Object.entries(req.headers).filter(
                (entry): entry is [string, string] =>
                  typeof entry[1] === 'string' && !['host', 'connection'].includes(entry[0]),
              ),
            ),
            body: req.method === 'GET' ? undefined : body,
          });
          res.writeHead(upstream.status, {
            'content-type': upstream.headers.get('content-type') ?? 'text/plain',
          });
          res.end(await upstream.text());
        })().catch(() => res.destroy());
      });
      server.on('connection', (socket) => {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
      });
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
      port = (server.address() as AddressInfo).port;
      (proxy as { url: string }).url = `http://127.0.0.1:${port}/graphql`;
    },
    async stop() {
      const closing = new Promise<void>((resolve) => server?.close(() => resolve()));
      // A crash: connections in progress end abruptly, as when a process dies.
      for (const socket of sockets) socket.destroy();
      await closing;
    },
  };
  await proxy.start();
  return proxy;
}
