import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { transformFile } from '@swc/core';

/**
 * `npm run build`: compiles what production runs (the gateway, the subgraphs
 * and the packages they import) from `<workspace>/src` to `<workspace>/dist`
 * as CommonJS, with the decorator metadata type-graphql and typegoose read
 * (the same swc settings as jest). Tests are left out. Types are checked by
 * `npm run typecheck`, not here.
 *
 * Each of these workspaces' package.json maps the `weace-compiled` export
 * condition to `dist/`: `node --conditions=weace-compiled gateway/dist/main.js`
 * then loads compiled code all the way down, while tests and `npm start`
 * (no condition) keep loading the TypeScript sources.
 */
export const COMPILED_WORKSPACES = [
  'packages/embedded-mongo',
  'packages/events',
  'packages/local-identity',
  'packages/service-kit',
  'subgraphs/auth',
  'subgraphs/notifications',
  'subgraphs/users',
  'subgraphs/training',
  'subgraphs/coaching',
  'subgraphs/events',
  // Coaching, events and notifications build their ICS entries with it.
  'packages/calendar',
  'gateway',
  // The all-in-one stack too: the gateway benchmark runs its subgraphs compiled.
  'packages/stack',
];

async function sourcesOf(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'))
    .map((e) => join(e.parentPath, e.name))
    .filter((file) => !file.includes(`${join('src', 'testing')}`) && !file.endsWith('.d.ts'));
}

async function build(root: string, workspace: string): Promise<number> {
  const src = join(root, workspace, 'src');
  const dist = join(root, workspace, 'dist');
  await rm(dist, { recursive: true, force: true });
  const files = await sourcesOf(src);
  await Promise.all(
    files.map(async (file) => {
      const { code } = await transformFile(file, {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs', ignoreDynamic: true },
        sourceMaps: false,
      });
      const out = join(dist, relative(src, file)).replace(/\.ts$/, '.js');
      await mkdir(dirname(out), { recursive: true });
      await writeFile(out, code);
    }),
  );
  return files.length;
}

async function main() {
  const root = join(__dirname, '..');
  for (const workspace of COMPILED_WORKSPACES) {
    const count = await build(root, workspace);
    process.stdout.write(`built ${workspace}/dist (${count} files)\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
