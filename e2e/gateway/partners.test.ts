import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type PartnerStore, apiSchemaOf, openPartnerStore, prepareManifest } from '@weace/gateway';
import { type TestStack, person, startTestStack } from '@weace/test-kit';
import { REDIS_URL, deleteKeys, keysUnder, uniquePrefix } from './redis';

/**
 * Persisted queries through the gateway: partners run only the documents of
 * their manifest (the client's codegen manifest here), apps keep automatic
 * persisted queries, cached in the real Redis.
 */
const root = join(__dirname, '..', '..');
const prefix = uniquePrefix();
let stack: TestStack;
let store: PartnerStore;
let apiKey: string;
let manifest: Record<string, string>;
beforeAll(async () => {
  stack = await startTestStack({ gateway: { redisUrl: REDIS_URL, redisKeyPrefix: prefix } });
  store = await openPartnerStore({ mongodbUri: stack.mongoUri! });
  manifest = JSON.parse(
    await readFile(join(root, 'packages/client/src/generated/persisted-documents.json'), 'utf8'),
  ) as Record<string, string>;
  const schema = apiSchemaOf(await readFile(join(root, 'schema/supergraph.graphql'), 'utf8'));
  const created = await store.create({ name: 'Acme LMS' });
  apiKey = created.apiKey;
  await store.registerManifest(created.partner.id, prepareManifest(manifest, schema));
});
afterAll(async () => {
  await store.close();
  await stack.stop();
  await deleteKeys(prefix);
});

const idOf = (operationName: string) => {
  const entry = Object.entries(manifest).find(([, body]) => body.includes(` ${operationName}`));
  if (!entry) throw new Error(`${operationName} is not in the manifest`);
  return entry[0];
};

interface Answer {
  status: number;
  body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
}

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': apiKey, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

async function get(params: Record<string, string>, headers: Record<string, string> = {}) {
  const url = new URL(stack.gatewayUrl);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const response = await fetch(url, {
    headers: { 'x-api-key': apiKey, 'apollo-require-preflight': 'true', ...headers },
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

const codesOf = ({ body }: Answer) => body.errors?.map((e) => e.extensions?.code);

describe('partners', () => {
  it('run a manifest document by documentId, with or without the sha256: prefix', async () => {
    const bearer = { authorization: `Bearer ${(await stack.signIn(person())).accessToken}` };
    const id = idOf('People');
    const prefixed = await post({ documentId: id, variables: { first: 2 } }, bearer);
    expect(prefixed.status).toBe(200);
    expect(prefixed.body.errors).toBeUndefined();
    expect(prefixed.body.data).toEqual({ users: expect.objectContaining({ totalCount: 0 }) });
    const bare = await post(
      { documentId: id.replace('sha256:', ''), variables: { first: 2 } },
      bearer,
    );
    expect(bare.body).toEqual(prefixed.body);
  });

  it('run one by the APQ extension, over GET as well', async () => {
    const hash = idOf('People').replace('sha256:', '');
    const { accessToken } = await stack.signIn(person());
    const answer = await get(
      {
        variables: JSON.stringify({ first: 1 }),
        extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }),
      },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
  });

  it('are anonymous unless they also carry a person’s bearer token', async () => {
    const someone = person();
    const profile = await stack.createProfile(someone);
    const anonymous = await post({ documentId: idOf('Me') });
    expect(anonymous.body.data?.me ?? null).toBeNull();
    const { accessToken } = await stack.signIn(someone);
    const asPerson = await post(
      { documentId: idOf('Me') },
      { authorization: `Bearer ${accessToken}` },
    );
    expect(asPerson.body.data?.me).toMatchObject({ id: profile.id });
  });

  it('may not send query text [PERSISTED_QUERY_ID_REQUIRED]', async () => {
    const answer = await post({ query: manifest[idOf('People')], variables: { first: 1 } });
    expect(answer.status).toBe(400);
    expect(codesOf(answer)).toEqual(['PERSISTED_QUERY_ID_REQUIRED']);
  });

  it('get 404 for an id outside their manifest, never PERSISTED_QUERY_NOT_FOUND [PERSISTED_QUERY_NOT_IN_LIST]', async () => {
    const unknown = createHash('sha256').update('{ ssoLoginUrl }').digest('hex');
    for (const answer of [
      await post({ documentId: `sha256:${unknown}` }),
      await post({ extensions: { persistedQuery: { version: 1, sha256Hash: unknown } } }),
    ]) {
      expect(answer.status).toBe(404);
      expect(codesOf(answer)).toEqual(['PERSISTED_QUERY_NOT_IN_LIST']);
    }
  });

  it('cannot run a mutation over GET (405)', async () => {
    const answer = await get({
      documentId: idOf('Follow'),
      variables: JSON.stringify({ userId: 'nobody' }),
    });
    expect(answer.status).toBe(405);
  });

  it('are refused with an unknown key [UNAUTHENTICATED]', async () => {
    const answer = await post({ documentId: idOf('People') }, { 'x-api-key': 'wk_not-a-key' });
    expect(answer.status).toBe(401);
    expect(codesOf(answer)).toEqual(['UNAUTHENTICATED']);
  });
});

describe('automatic persisted queries for apps', () => {
  it('round-trips: unknown hash, then hash and text, then the hash alone, cached in Redis', async () => {
    const query = `{ ssoLoginUrl __typename }`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    const send = async (body: unknown): Promise<Answer> => {
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Answer['body'] };
    };
    expect(codesOf(await send({ extensions }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    const registered = await send({ query, extensions });
    expect(registered.body.errors).toBeUndefined();
    const byHash = await send({ extensions });
    expect(byHash.body).toEqual(registered.body);
    expect(await keysUnder(`${prefix}apq:`)).toHaveLength(1);
  });
});
