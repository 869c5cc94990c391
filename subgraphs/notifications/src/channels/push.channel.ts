import type { Agent } from 'node:https';
import webpush from 'web-push';
import type { PushSubscription } from '../preferences/preferences.model';

export interface PushPayload {
  readonly title: string;
  readonly body: string;
  readonly link: string | null;
}

export interface PushResult {
  /** Subscriptions the push service says are gone (404/410): to be removed. */
  readonly expired: readonly string[];
  readonly delivered: number;
}

/** Web Push (RFC 8030, payload encrypted per RFC 8291, VAPID per RFC 8292). */
export class PushChannel {
  /** `agent`: how push services are reached (tests trust their local one's certificate). */
  constructor(
    private readonly vapid: { subject: string; publicKey: string; privateKey: string },
    private readonly agent?: Agent,
  ) {}

  get publicKey(): string {
    return this.vapid.publicKey;
  }

  async send(
    subscriptions: readonly PushSubscription[],
    payload: PushPayload,
  ): Promise<PushResult> {
    const expired: string[] = [];
    let delivered = 0;
    const errors: Error[] = [];
    for (const subscription of subscriptions) {
      try {
        await webpush.sendNotification(
          { endpoint: subscription.endpoint, keys: subscription.keys },
          JSON.stringify(payload),
          {
            vapidDetails: this.vapid,
            TTL: 86_400,
            timeout: 10_000,
            ...(this.agent && { agent: this.agent }),
          },
        );
        delivered += 1;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 410) expired.push(subscription.endpoint);
        else errors.push(error as Error);
      }
    }
    if (delivered === 0 && errors.length) throw errors[0]!;
    return { expired, delivered };
  }
}

/** Keys for development when none are configured (subscriptions made with them end with the process). */
export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}
