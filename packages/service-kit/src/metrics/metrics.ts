import type { ApolloServerPlugin } from '@apollo/server';
import type { Connection } from 'mongoose';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { ErrorCode } from '../errors/errors';

export interface Metrics {
  /** Served at `GET /metrics` in Prometheus' text format. */
  readonly registry: Registry;
  /** Counts operations by name, times them, and counts errors by `extensions.code`. */
  readonly plugin: ApolloServerPlugin;
  /**
   * Counts the database commands the service sends, by command and collection
   * (`db_commands_total`): the client must be opened with `monitorCommands`.
   */
  observeDatabase(connection: Connection): void;
}

export interface MetricsOptions {
  /**
   * The operation names of known documents (the apps' codegen operations, the
   * persisted manifests): only these become `operation` labels, any other is
   * `other`; a function when the list grows (partner manifests registered at
   * run time). Default: the first {@link maxOperationNames} names seen, then `other`.
   */
  readonly knownOperations?: Iterable<string> | ((name: string) => boolean);
  /** Distinct operation labels kept when no known operations are given. Default 100. */
  readonly maxOperationNames?: number;
}

// The gateway names each subgraph fetch `<operation>__<subgraph>__<n>`.
const SUBGRAPH_FETCH = /^(.+)__\w+__\d+$/;
const PROTOCOL_CODES = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * The `operation` label of a client-chosen name: bounded, since every label
 * value is a time series kept in memory for the process's life.
 */
function operationLabeller(options: MetricsOptions): (name: string | null | undefined) => string {
  const { knownOperations } = options;
  const known =
    typeof knownOperations === 'function'
      ? { has: knownOperations }
      : knownOperations && new Set(knownOperations);
  const seen = new Set<string>();
  const max = options.maxOperationNames ?? 100;
  return (name) => {
    if (!name) return 'anonymous';
    const base = SUBGRAPH_FETCH.exec(name)?.[1] ?? name;
    if (known) return known.has(base) ? base : 'other';
    if (seen.has(base)) return base;
    if (seen.size >= max) return 'other';
    seen.add(base);
    return base;
  };
}

/**
 * One registry per service (not prom-client's global one), so the all-in-one
 * process can host every service without their series colliding.
 */
export function createMetrics(service: string, options: MetricsOptions = {}): Metrics {
  const operationLabel = operationLabeller(options);
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });

  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations served, by operation name and type',
    labelNames: ['operation', 'type'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to sending its response',
    labelNames: ['operation', 'type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors returned, by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });

  const plugin: ApolloServerPlugin = {
    async requestDidStart() {
      const stopTimer = duration.startTimer();
      return {
        async willSendResponse({ operationName, operation, errors: requestErrors }) {
          const labels = {
            operation: operationLabel(operationName),
            type: operation?.operation ?? 'unknown',
          };
          operations.inc(labels);
          stopTimer(labels);
          for (const error of requestErrors ?? []) {
            const code = String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
            errors.inc({ code: PROTOCOL_CODES.has(code) ? code : 'OTHER' });
          }
        },
      };
    },
  };
  const dbCommands = new Counter({
    name: 'db_commands_total',
    help: 'Database commands sent, by command name and collection',
    labelNames: ['command', 'collection'],
    registers: [registry],
  });
  const observeDatabase = (connection: Connection) => {
    connection.getClient().on('commandStarted', ({ commandName, command }) => {
      const target: unknown = command[commandName];
      dbCommands.inc({
        command: commandName,
        collection: typeof target === 'string' ? target : '',
      });
    });
  };
  return { registry, plugin, observeDatabase };
}
