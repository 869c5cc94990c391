import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigError, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';
import { apiSchemaOf } from './api-schema';
import { ManifestError, prepareManifest } from './manifest';
import { openPartnerStore } from './partner-store';

const USAGE = `Usage: npm run partner -- <command>
  create <name> [--requests <per minute>] [--cost <per minute>]
                         a partner application; prints its API key, once
  register-manifest <partner id> <manifest.json>
                         replaces its documents (codegen persisted-documents.json
                         or an Apollo persisted query manifest), each hash recomputed
                         and each document validated against SUPERGRAPH_PATH
  revoke <partner id>    its key is refused from now on (within PARTNER_CACHE_SECONDS)
  list                   partners, revoked or not, and their document counts
Reads MONGODB_URI (the partners live in its weace_gateway database) and SUPERGRAPH_PATH.`;

/** `npm run partner`: the administrator's command for partner keys and manifests. */
async function main(argv: readonly string[]): Promise<number> {
  const env = parseEnv(
    {
      MONGODB_URI: envVar.mongoUri(),
      SUPERGRAPH_PATH: z.string().min(1).default('schema/supergraph.graphql'),
    },
    process.env,
  );
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { requests: { type: 'string' }, cost: { type: 'string' } },
  });
  const [command, ...args] = positionals;
  const perMinute = (value: string | undefined) =>
    value === undefined ? undefined : { points: Number(value), windowSeconds: 60 };
  const store = await openPartnerStore({ mongodbUri: env.MONGODB_URI });
  try {
    if (command === 'create' && args.length === 1) {
      const { partner, apiKey } = await store.create({
        name: args[0]!,
        requests: perMinute(values.requests),
        cost: perMinute(values.cost),
      });
      console.log(`partner ${partner.name}: id ${partner.id}`);
      console.log(`API key (shown once, store it now): ${apiKey}`);
      return 0;
    }
    if (command === 'register-manifest' && args.length === 2) {
      const schema = apiSchemaOf(await readFile(env.SUPERGRAPH_PATH, 'utf8'));
      const manifest: unknown = JSON.parse(await readFile(args[1]!, 'utf8'));
      const documents = prepareManifest(manifest, schema);
      if (!(await store.registerManifest(args[0]!, documents))) {
        console.error(`no active partner ${args[0]}`);
        return 1;
      }
      console.log(`${documents.length} documents registered for ${args[0]}`);
      return 0;
    }
    if (command === 'revoke' && args.length === 1) {
      const revoked = await store.revoke(args[0]!);
      console.log(revoked ? `revoked ${args[0]}` : `no active partner ${args[0]}`);
      return revoked ? 0 : 1;
    }
    if (command === 'list' && !args.length) {
      console.table(await store.list());
      return 0;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await store.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      error instanceof ConfigError || error instanceof ManifestError ? error.message : error,
    );
    process.exit(1);
  },
);
