import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Category } from '../notification/notification.model';

/** What an unsubscribe link may do: turn one category's email off for one person, nothing else. */
export interface UnsubscribeClaim {
  readonly userId: string;
  readonly category: Category;
}

const PURPOSE = 'unsubscribe-email';

/**
 * Signed, single-purpose tokens for RFC 8058 one-click links: the payload
 * names the purpose, the person and the category; an HMAC over it with the
 * service's link key proves it was made here. No sign-in needed to use it.
 */
export class UnsubscribeLinks {
  constructor(
    private readonly key: Buffer,
    private readonly publicUrl: string,
  ) {}

  url(claim: UnsubscribeClaim): string {
    return `${this.publicUrl}/notifications/unsubscribe?token=${this.token(claim)}`;
  }

  token(claim: UnsubscribeClaim): string {
    const payload = Buffer.from(
      JSON.stringify({ p: PURPOSE, u: claim.userId, c: claim.category }),
    ).toString('base64url');
    return `${payload}.${this.sign(payload)}`;
  }

  /** The claim of a genuine token, or null. */
  verify(token: string): UnsubscribeClaim | null {
    const [payload, signature, extra] = token.split('.');
    if (!payload || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const data = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
        string,
        string
      >;
      if (data.p !== PURPOSE || typeof data.u !== 'string' || typeof data.c !== 'string')
        return null;
      return { userId: data.u, category: data.c as Category };
    } catch {
      return null;
    }
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
