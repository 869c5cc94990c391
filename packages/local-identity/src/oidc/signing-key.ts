import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** A private RS256 JSON Web Key, as oidc-provider's `jwks` option takes it. */
export type SigningKey = JsonWebKey & { kid: string; alg: 'RS256'; use: 'sig' };

const KEY_FILE = 'oidc-signing-key.json';

/**
 * The provider's signing key. With `dataDir` it is generated once and kept (owner-only file),
 * so tokens issued before a restart still verify after it; without, a new key per start.
 */
export async function loadSigningKey(dataDir: string | undefined): Promise<SigningKey> {
  if (!dataDir) return generateSigningKey();
  const file = join(dataDir, KEY_FILE);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as SigningKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = generateSigningKey();
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(key), { mode: 0o600 });
  return key;
}

function generateSigningKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' });
  // A key id derived from the public modulus: stable for the key, different for the next one.
  const kid = createHash('sha256').update(String(jwk.n)).digest('base64url').slice(0, 16);
  return { ...jwk, kid, alg: 'RS256', use: 'sig' };
}
