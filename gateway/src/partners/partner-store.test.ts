import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startServer } from '@weace/embedded-mongo';
import { OperationTypeNode } from 'graphql';
import { MongoClient } from 'mongodb';
import type { ManifestDocument } from './manifest';
import { type PartnerStore, openPartnerStore } from './partner-store';

let engine: Awaited<ReturnType<typeof startServer>>;
let store: PartnerStore;
beforeAll(async () => {
  engine = await startServer({ port: 0 });
  // No cache: each lookup reads the database, as a replica does once its cache time is up.
  store = await openPartnerStore({ mongodbUri: engine.uri, cacheSeconds: 0 });
});
afterAll(async () => {
  await store.close();
  await engine.stop();
});

const document: ManifestDocument = {
  id: 'ab',
  body: 'query Me { me }',
  name: 'Me',
  type: OperationTypeNode.QUERY,
};

describe('the partner store', () => {
  it('shows a new key once and keeps only its hash', async () => {
    const { partner, apiKey } = await store.create({ name: 'Acme' });
    expect(apiKey).toMatch(/^wk_[\w-]{43}$/);
    const client = await MongoClient.connect(engine.uri);
    const stored = JSON.stringify(
      await client.db('weace_gateway').collection('partners').find().toArray(),
    );
    await client.close();
    expect(stored).toContain(partner.id);
    expect(stored).not.toContain(apiKey);
    expect(stored).not.toContain(apiKey.slice(3));
  });

  it('resolves a key to its partner and manifest, and nothing for an unknown key', async () => {
    const { partner, apiKey } = await store.create({
      name: 'Globex',
      requests: { points: 50, windowSeconds: 60 },
    });
    await store.registerManifest(partner.id, [document]);
    const resolved = await store.resolve(apiKey);
    expect(resolved?.app).toEqual({
      id: partner.id,
      name: 'Globex',
      requests: { points: 50, windowSeconds: 60 },
    });
    expect(resolved?.documents.get('ab')).toEqual(document);
    await expect(store.resolve(`${apiKey}x`)).resolves.toBeUndefined();
  });

  it('refuses a revoked key without a restart', async () => {
    const { partner, apiKey } = await store.create({ name: 'Initech' });
    await expect(store.resolve(apiKey)).resolves.toBeDefined();
    await expect(store.revoke(partner.id)).resolves.toBe(true);
    await expect(store.resolve(apiKey)).resolves.toBeUndefined();
    await expect(store.registerManifest(partner.id, [document])).resolves.toBe(false);
  });
});
