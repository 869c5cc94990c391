import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { readSupergraphConfig } from '@weace/gateway';
import { parse } from 'yaml';
import { subgraphs } from './subgraphs';

const root = resolve(__dirname, '..', '..', '..');

interface ComposeFile {
  services: Record<string, { environment?: Record<string, unknown>; command?: unknown }>;
}

/**
 * A subgraph's definition (its name and port) is the one source: every other
 * place that lists subgraphs must agree with it. `npm start` and the gateway's
 * health list read the definitions and the supergraph themselves.
 */
describe.each(subgraphs.map((definition) => [definition.name, definition.port] as const))(
  'the %s subgraph (port %i)',
  (name, port) => {
    it('is in supergraph.yaml at its port', async () => {
      const config = await readSupergraphConfig(join(root, 'supergraph.yaml'));
      const entry = config.subgraphs.find((subgraph) => subgraph.name === name);
      expect(entry && new URL(entry.routingUrl).port).toBe(String(port));
    });

    it('is a docker-compose.yml service on its port, and the gateway routes to it there', async () => {
      const compose = parse(
        await readFile(join(root, 'docker-compose.yml'), 'utf8'),
      ) as ComposeFile;
      expect(compose.services[name]?.environment?.PORT).toBe(port);
      expect(compose.services.gateway?.environment?.[`SUBGRAPH_URL_${name.toUpperCase()}`]).toBe(
        `http://${name}:${port}/graphql`,
      );
    });

    it('has its database variable in .env.example', async () => {
      const example = await readFile(join(root, '.env.example'), 'utf8');
      expect(example).toContain(`${name.toUpperCase()}_MONGODB_URI`);
    });
  },
);
