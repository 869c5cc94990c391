import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type Collection, MongoClient } from 'mongodb';
import type { RateLimit } from '../rate-limit/rate-limiters';
import type { ManifestDocument } from './manifest';
import type { PartnerApp } from './partner-app';

/** A partner as stored: its key only as a hash. */
interface PartnerRecord {
  _id: string;
  name: string;
  /** SHA-256 of the API key: the key itself is shown once, at creation, and kept nowhere. */
  keyHash: string;
  createdAt: Date;
  revokedAt?: Date;
  requests?: RateLimit;
  cost?: RateLimit;
  documents: ManifestDocument[];
}

/** A partner with a valid key, and the documents it may run by id. */
export interface ResolvedPartner {
  readonly app: PartnerApp;
  readonly documents: ReadonlyMap<string, ManifestDocument>;
}

export interface PartnerStoreOptions {
  /** The MongoDB the services use; the partners live in its `weace_gateway` database. */
  readonly mongodbUri: string;
  /**
   * How long a key's lookup (found or not) is reused: a revocation or a new
   * manifest reaches every replica within this time, without a restart. Default 10 s.
   */
  readonly cacheSeconds?: number;
}

export interface PartnerStore {
  /** A new partner and its API key, which is returned here once and never again. */
  create(input: {
    name: string;
    requests?: RateLimit;
    cost?: RateLimit;
  }): Promise<{ partner: PartnerApp; apiKey: string }>;
  /** Refuses the partner's key from now on (within the cache time); false when unknown. */
  revoke(id: string): Promise<boolean>;
  /** Replaces the partner's manifest; false when unknown or revoked. */
  registerManifest(id: string, documents: readonly ManifestDocument[]): Promise<boolean>;
  list(): Promise<{ id: string; name: string; revoked: boolean; documents: number }[]>;
  /** The partner an API key belongs to, unless unknown or revoked. */
  resolve(apiKey: string): Promise<ResolvedPartner | undefined>;
  close(): Promise<void>;
}

export const API_KEY_PREFIX = 'wk_';
const hashOf = (apiKey: string) => createHash('sha256').update(apiKey).digest('hex');

/**
 * Partners in MongoDB (`weace_gateway.partners`) rather than a file: every
 * gateway replica reads the same keys, revocations and manifests, with no
 * shared volume, on the database the services already run on. Keys are 256
 * random bits, so a plain SHA-256 is enough to store them (a slow password
 * hash protects guessable secrets, which these are not) and lets a lookup be
 * one indexed query.
 */
export async function openPartnerStore(options: PartnerStoreOptions): Promise<PartnerStore> {
  const client = await MongoClient.connect(options.mongodbUri);
  const partners: Collection<PartnerRecord> = client.db('weace_gateway').collection('partners');
  await partners.createIndex({ keyHash: 1 }, { unique: true });
  const cacheMs = (options.cacheSeconds ?? 10) * 1000;
  const cache = new Map<string, { at: number; partner: Promise<ResolvedPartner | undefined> }>();

  const appOf = ({ _id, name, requests, cost }: PartnerRecord): PartnerApp => ({
    id: _id,
    name,
    ...(requests && { requests }),
    ...(cost && { cost }),
  });

  return {
    async create({ name, requests, cost }) {
      const apiKey = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
      const record: PartnerRecord = {
        _id: randomUUID(),
        name,
        keyHash: hashOf(apiKey),
        createdAt: new Date(),
        ...(requests && { requests }),
        ...(cost && { cost }),
        documents: [],
      };
      await partners.insertOne(record);
      return { partner: appOf(record), apiKey };
    },
    async revoke(id) {
      const { matchedCount } = await partners.updateOne(
        { _id: id, revokedAt: { $exists: false } },
        { $set: { revokedAt: new Date() } },
      );
      return matchedCount === 1;
    },
    async registerManifest(id, documents) {
      const { matchedCount } = await partners.updateOne(
        { _id: id, revokedAt: { $exists: false } },
        { $set: { documents: [...documents] } },
      );
      return matchedCount === 1;
    },
    async list() {
      const all = await partners.find({}, { projection: { keyHash: 0 } }).toArray();
      return all.map((p) => ({
        id: p._id,
        name: p.name,
        revoked: !!p.revokedAt,
        documents: p.documents.length,
      }));
    },
    resolve(apiKey) {
      const keyHash = hashOf(apiKey);
      const now = Date.now();
      const cached = cache.get(keyHash);
      if (cached && now - cached.at < cacheMs) return cached.partner;
      const partner = partners.findOne({ keyHash, revokedAt: { $exists: false } }).then((record) =>
        record
          ? {
              app: appOf(record),
              documents: new Map(record.documents.map((d) => [d.id, d])),
            }
          : undefined,
      );
      // A failed lookup is not remembered; bounded, since every key costs an entry.
      partner.catch(() => cache.delete(keyHash));
      if (cache.size >= 10_000) cache.clear();
      cache.set(keyHash, { at: now, partner });
      return partner;
    },
    close: () => client.close(),
  };
}
