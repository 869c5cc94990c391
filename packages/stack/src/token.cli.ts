import { join } from 'node:path';
import { ConfigError, envVar, parseEnv } from '@weace/service-kit';
import { z } from 'zod';
import { demoPeople } from './demo-organisation';
import { createLocalSigner } from './local-issuer';
import { LOCAL_CLIENT_ID } from './stack';

/**
 * `npm run token -- <email>`: an access token for a demo person, signed with
 * the key `npm start` keeps in .data, for Apollo Sandbox or curl.
 */
async function main() {
  const env = parseEnv(
    { DATA_DIR: z.string().min(1).default('.data'), LOCAL_ISSUER_PORT: envVar.port(3010) },
    process.env,
  );
  const email = process.argv[2];
  const person = demoPeople.find((p) => p.email === email);
  if (!person) {
    console.error(
      `usage: npm run token -- <email>\ndemo people: ${demoPeople.map((p) => p.email).join(', ')}`,
    );
    process.exit(2);
  }
  const signer = await createLocalSigner({
    issuer: `http://127.0.0.1:${env.LOCAL_ISSUER_PORT}`,
    clientId: LOCAL_CLIENT_ID,
    keyFile: join(process.cwd(), env.DATA_DIR, 'local-issuer', 'key.json'),
  });
  process.stdout.write(
    `${await signer.issue({ sub: person.subject, email: person.email, groups: person.roles })}\n`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
