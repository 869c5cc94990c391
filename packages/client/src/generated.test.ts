import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

const root = resolve(__dirname, '..', '..', '..');

describe('the generated client', () => {
  it('matches schema/operations and schema/api.graphql (run `npm run codegen` after changing either)', async () => {
    // `--check` generates in memory and fails when any output would change.
    const run = promisify(execFile)(
      resolve(root, 'node_modules', '.bin', 'graphql-codegen'),
      ['--config', 'codegen.ts', '--check'],
      { cwd: root },
    );
    await expect(run).resolves.toBeDefined();
  });
});
