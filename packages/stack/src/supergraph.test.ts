import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { composeFromCode } from './supergraph';

const root = resolve(__dirname, '..', '..', '..');

describe('committed schema files', () => {
  it('match what the code composes (run `npm run compose` after changing a schema)', async () => {
    const { config, subgraphSdl, supergraphSdl, apiSdl } = await composeFromCode(root);
    for (const { name, schemaFile } of config.subgraphs) {
      expect({ name, sdl: await readFile(schemaFile, 'utf8') }).toEqual({
        name,
        sdl: subgraphSdl[name],
      });
    }
    expect(await readFile(join(root, 'schema', 'supergraph.graphql'), 'utf8')).toBe(supergraphSdl);
    expect(await readFile(join(root, 'schema', 'api.graphql'), 'utf8')).toBe(apiSdl);
  });
});
