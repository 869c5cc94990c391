import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  type Caller,
  INTERNAL_TOKEN_HEADER,
  type InternalTokens,
  type Logger,
} from '@weace/service-kit';
import type { Request, RequestHandler } from 'express';
import { type Dispatcher, request } from 'undici';

/**
 * HTTP routes the gateway serves by passing them to the subgraph that owns
 * them, under the same path: calendar files and feeds (events), the live
 * inbox and one-click unsubscribe (notifications).
 */
export interface ServiceRoute {
  readonly path: string;
  readonly subgraph: string;
}

export const SERVICE_ROUTES: readonly ServiceRoute[] = [
  { path: '/calendar', subgraph: 'events' },
  { path: '/notifications', subgraph: 'notifications' },
];

/** What a client may tell the service, and what the service's answer may tell the client. */
const REQUEST_HEADERS = [
  'accept',
  'accept-language',
  'content-type',
  'last-event-id',
  'if-none-match',
];
const RESPONSE_HEADERS = [
  'content-type',
  'content-disposition',
  'cache-control',
  'etag',
  'last-modified',
  'location',
  'x-accel-buffering',
];

export interface ServiceRouteOptions {
  /** The subgraph's GraphQL URL; routes go to the same origin. */
  readonly url: string;
  readonly subgraph: string;
  readonly tokens: InternalTokens;
  /** The request's caller, from its bearer token (ANONYMOUS without one); throws when it is invalid. */
  readonly callerOf: (req: Request) => Promise<Caller>;
  readonly logger: Logger;
}

/**
 * Proxies one subgraph's routes with the caller's identity as an internal
 * token, streaming both ways (server-sent events pass as they come), and
 * cancels the upstream request when the client goes away. Paths may carry
 * secrets (feed tokens, unsubscribe links), so nothing here logs them.
 */
export function serviceRoute(options: ServiceRouteOptions): RequestHandler {
  const origin = new URL(options.url).origin;
  return async (req, res) => {
    let caller: Caller;
    try {
      caller = await options.callerOf(req);
    } catch {
      res.status(401).json({ error: 'Invalid or expired token' });
      return;
    }
    const headers: Record<string, string> = {
      [INTERNAL_TOKEN_HEADER]: await options.tokens.sign(caller, {
        audience: options.subgraph,
        clientIp: req.ip,
      }),
    };
    for (const name of REQUEST_HEADERS) {
      const value = req.header(name);
      if (value) headers[name] = value;
    }
    const abort = new AbortController();
    res.on('close', () => abort.abort());
    let upstream: Dispatcher.ResponseData;
    try {
      upstream = await request(`${origin}${req.originalUrl}`, {
        method: req.method as Dispatcher.HttpMethod,
        headers,
        body: bodyOf(req),
        signal: abort.signal,
        // Streams such as the live inbox stay open as long as the client does.
        bodyTimeout: 0,
      });
    } catch (error) {
      if (abort.signal.aborted) return;
      options.logger.warn(
        { subgraph: options.subgraph, reason: (error as Error).message },
        'a service route is unavailable',
      );
      res.status(502).json({ error: `The ${options.subgraph} service is unavailable` });
      return;
    }
    res.status(upstream.statusCode);
    for (const name of RESPONSE_HEADERS) {
      const value = upstream.headers[name];
      if (value !== undefined) res.setHeader(name, value);
    }
    res.flushHeaders();
    await pipeline(upstream.body, res).catch(() => upstream.body.destroy());
  };
}

/** The request body as the service should get it: JSON was parsed on arrival, anything else is still a stream. */
function bodyOf(req: Request): string | Readable | undefined {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  if (req.body !== undefined && req.is('application/json')) return JSON.stringify(req.body);
  return req;
}
