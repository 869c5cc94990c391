import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { ErrorCode } from '../errors/errors';
import {
  REQUEST_ID_HEADER,
  requestIdFrom,
  runWithRequestContext,
} from '../logging/request-context';
import { traceRequests, tracingStarted } from '../tracing/tracing';

export interface HttpAppOptions {
  readonly logger: Logger;
  /** Served at `GET /metrics`. Absent: no such route (the gateway serves it on its admin port). */
  readonly metrics?: Registry;
  /**
   * Resolves when the service can serve, optionally with facts `GET /ready`
   * reports beside `status: 'ready'`; its rejection's message is reported instead.
   */
  readonly readiness: () => Promise<Record<string, unknown> | void>;
  /**
   * What `GET /health` reports. Default: `{ status: 'ok' }` (the process is alive).
   * Any status but `ok` answers 503.
   */
  readonly health?: () => Promise<{ status: string }>;
  /** Largest JSON body accepted; a larger one is answered 413 BODY_TOO_LARGE. Default `1mb`. */
  readonly bodyLimit?: string | number;
  /**
   * Express's `trust proxy`: how many proxies, or which addresses, may say who
   * the client is (`X-Forwarded-For`), so `req.ip` is the client's. Default: none.
   */
  readonly trustProxy?: number | readonly string[];
  /**
   * Run first, in order, before the body is read (admission control, deadlines,
   * per-IP rate limits): a request they refuse costs no parsing. Default: none.
   */
  readonly beforeBody?: readonly RequestHandler[];
  /** The service's name, on its spans when tracing is on ({@link startTracing}). */
  readonly service: string;
}

/**
 * Gives each request its correlation id (the caller's `x-request-id`, or a new
 * one), echoes it in the response and makes it visible to every log line
 * written while serving the request.
 */
const requestContext: RequestHandler = (req, res, next) => {
  const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
  res.setHeader(REQUEST_ID_HEADER, requestId);
  res.locals.requestId = requestId;
  runWithRequestContext({ requestId }, next);
};

/** A body that is too large or no JSON gets an answer shaped as GraphQL errors, as clients expect. */
const bodyErrors: ErrorRequestHandler = (error: { type?: string }, _req, res, next) => {
  if (error.type === 'entity.too.large') {
    res.status(413).json({
      errors: [{ message: 'Request body too large', extensions: { code: ErrorCode.BodyTooLarge } }],
    });
  } else if (error.type === 'entity.parse.failed') {
    res.status(400).json({
      errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }],
    });
  } else {
    next(error);
  }
};

/** The HTTP skeleton every service shares: body parsing, correlation id, health, readiness, metrics. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  if (tracingStarted()) app.use(traceRequests(options.service));
  if (options.trustProxy !== undefined) {
    const { trustProxy } = options;
    app.set('trust proxy', typeof trustProxy === 'number' ? trustProxy : [...trustProxy]);
  }
  for (const handler of options.beforeBody ?? []) app.use(handler);
  // Parse before entering the request context: body-parser resumes on stream
  // events, which would otherwise run outside the AsyncLocalStorage scope.
  app.use(express.json({ limit: options.bodyLimit ?? '1mb' }));
  app.use(bodyErrors);
  app.use(requestContext);

  app.get('/health', async (_req, res) => {
    const report = options.health ? await options.health() : { status: 'ok' };
    res.status(report.status === 'ok' ? 200 : 503).json(report);
  });
  app.get('/ready', async (_req, res) => {
    try {
      res.json({ status: 'ready', ...(await options.readiness()) });
    } catch (error) {
      options.logger.warn({ err: error }, 'not ready');
      res.status(503).json({ status: 'unavailable', reason: (error as Error).message });
    }
  });
  const { metrics } = options;
  if (metrics) {
    app.get('/metrics', async (_req, res) => {
      res.type(metrics.contentType).send(await metrics.metrics());
    });
  }
  return app;
}
