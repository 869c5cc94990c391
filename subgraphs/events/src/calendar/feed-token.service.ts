import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { isDuplicateKeyError } from '@weace/service-kit';
import { type CalendarFeed, CalendarFeedModel } from './feed-token.model';

/** 24 random bytes (192 bits), as 32 URL-safe characters. */
const TOKEN = /^[A-Za-z0-9_-]{32}$/;

/**
 * Personal calendar feed tokens. A token is random (192 bits); the database
 * holds its HMAC (to find it) and its AES-256-GCM encryption (to show its
 * owner the URL again). Serving compares the decrypted token with the one
 * presented in constant time. Keys are derived from the configured feed key.
 */
export class FeedTokens {
  private readonly macKey: Buffer;
  private readonly encryptionKey: Buffer;

  constructor(key: Buffer) {
    this.macKey = Buffer.from(hkdfSync('sha256', key, '', 'calendar-feed-lookup', 32));
    this.encryptionKey = Buffer.from(hkdfSync('sha256', key, '', 'calendar-feed-seal', 32));
  }

  /** The person's token, made on first use. */
  async tokenOf(userId: string): Promise<string> {
    const existing = await CalendarFeedModel.findById(userId).lean<CalendarFeed>().exec();
    if (existing) return this.open(existing.sealed);
    const token = randomBytes(24).toString('base64url');
    try {
      await CalendarFeedModel.create({ _id: userId, ...this.stored(token) });
      return token;
    } catch (error) {
      // A concurrent first use made it: theirs is the token.
      if (!isDuplicateKeyError(error)) throw error;
      const made = await CalendarFeedModel.findById(userId).lean<CalendarFeed>().exec();
      return this.open(made!.sealed);
    }
  }

  /** A new token for the person; the old URL stops working at once. */
  async rotate(userId: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    await CalendarFeedModel.updateOne(
      { _id: userId },
      { $set: this.stored(token) },
      { upsert: true },
    ).exec();
    return token;
  }

  /** The owner of `token`, or null for a token that is not (or no longer) anyone's. */
  async ownerOf(token: string): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const feed = await CalendarFeedModel.findOne({ lookup: this.lookupOf(token) })
      .lean<CalendarFeed>()
      .exec();
    if (!feed) return null;
    const stored = Buffer.from(this.open(feed.sealed));
    const presented = Buffer.from(token);
    return stored.length === presented.length && timingSafeEqual(stored, presented)
      ? feed._id
      : null;
  }

  private stored(token: string): Pick<CalendarFeed, 'lookup' | 'sealed'> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const sealed = Buffer.concat([
      iv,
      cipher.update(token, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return { lookup: this.lookupOf(token), sealed: sealed.toString('base64url') };
  }

  private open(sealed: string): string {
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([
      decipher.update(bytes.subarray(12, bytes.length - 16)),
      decipher.final(),
    ]).toString('utf8');
  }

  private lookupOf(token: string): string {
    return createHmac('sha256', this.macKey).update(token).digest('base64url');
  }
}
