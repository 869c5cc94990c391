import {
  type Context,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  context,
  propagation,
  trace,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { RequestHandler } from 'express';

export interface TracingOptions {
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`: the collector's base URL; spans go to `<endpoint>/v1/traces` (OTLP/HTTP JSON). */
  readonly endpoint: string;
  /** `service.name` on every span of this process. */
  readonly service: string;
}

export interface Tracing {
  /** Exports what is buffered and stops; the process's spans stop being recorded. */
  stop(): Promise<void>;
}

/**
 * Exports this process's spans over OTLP/HTTP and makes W3C `traceparent`
 * the propagation format. Once per process: `npm start` hosts every service
 * in one process, so they share one provider (spans name their service by
 * their own attributes). Nothing is installed when tracing is off, so the
 * OpenTelemetry API calls elsewhere stay no-ops.
 */
let started = false;

/** Whether {@link startTracing} runs in this process: servers made after it trace their requests. */
export function tracingStarted(): boolean {
  return started;
}

export function startTracing(options: TracingOptions): Tracing {
  started = true;
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': options.service }),
    spanProcessors: [
      new BatchSpanProcessor(
        new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` }),
        { scheduledDelayMillis: 500 },
      ),
    ],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    async stop() {
      started = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

const headerGetter: TextMapGetter<Record<string, string | string[] | undefined>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => carrier[key],
};

/** The W3C trace context of an incoming request's headers, if it carries one. */
export function traceContextOf(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, headerGetter);
}

/** Adds the active trace context (`traceparent`) to outgoing headers; nothing when tracing is off. */
export function injectTraceContext(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/**
 * One server span per HTTP request, child of the caller's `traceparent`, and
 * active while the request is served (so the spans of its work nest under
 * it). Its name and attributes carry the method and the route's path
 * pattern only, never the URL: paths and queries may hold secrets
 * (calendar feed tokens, unsubscribe links, SSO codes).
 */
export function traceRequests(service: string): RequestHandler {
  const tracer = trace.getTracer(`weace-${service}`);
  return (req, res, next) => {
    const parent = traceContextOf(req.headers);
    const span = tracer.startSpan(
      `${req.method} ${routeOf(req.path)}`,
      {
        kind: SpanKind.SERVER,
        attributes: { 'http.request.method': req.method, 'weace.service': service },
      },
      parent,
    );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}

/** Known routes by name; any other path is reported as its first segment, so no token in a path leaks. */
function routeOf(path: string): string {
  const first = path.split('/')[1] ?? '';
  return first === 'graphql' || first === 'health' || first === 'ready'
    ? `/${first}`
    : `/${first}/*`;
}
