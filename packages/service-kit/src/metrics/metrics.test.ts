import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { ApolloServer } from '@apollo/server';
import { type MetricsOptions, createMetrics } from './metrics';

async function labelsAfter(names: readonly string[], options?: MetricsOptions) {
  const metrics = createMetrics('test', options);
  const server = new ApolloServer({
    typeDefs: 'type Query { ok: Boolean }',
    resolvers: { Query: { ok: () => true } },
    plugins: [metrics.plugin],
  });
  await server.start();
  for (const name of names) {
    await server.executeOperation({ query: `query ${name} { ok }` });
  }
  await server.stop();
  const counter = await metrics.registry.getSingleMetric('graphql_operations_total')!.get();
  return new Set(counter.values.map((value) => value.labels.operation));
}

const randomNames = (count: number) =>
  Array.from({ length: count }, () => `Op_${randomUUID().replaceAll('-', '')}`);

describe('operation labels', () => {
  it('stay bounded under 1,000 random operation names', async () => {
    const labels = await labelsAfter(randomNames(1_000));
    expect(labels.size).toBe(101);
    expect(labels).toContain('other');
  });

  it('are the known operations, subgraph fetches included, and other for the rest', async () => {
    const labels = await labelsAfter(['People', 'People__users__0', ...randomNames(1_000)], {
      knownOperations: ['People', 'Me'],
    });
    expect([...labels].sort()).toEqual(['People', 'other']);
  });

  it('may be a growing list, asked name by name', async () => {
    const known = new Set(['People']);
    const labels = await labelsAfter(['Partner', ...randomNames(50)], {
      knownOperations: (name) => known.has(name) || name === 'Partner',
    });
    expect([...labels].sort()).toEqual(['Partner', 'other']);
  });
});
