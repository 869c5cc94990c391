import { createHmac, randomInt } from 'node:crypto';
import {
  BadUserInputError,
  ForbiddenError,
  RateLimitedError,
  isDuplicateKeyError,
} from '@weace/service-kit';
import type { ClientSession } from 'mongoose';
import type { SmsChannel } from '../channels/sms.channel';
import { notificationsDb } from '../db';
import { type Preferences, PreferencesModel } from '../preferences/preferences.model';
import { RateCounterModel } from './rate-counter.model';

/** Code requests allowed per person, and per number, in each window. */
export const CODES_PER_WINDOW = 3;
export const CODE_WINDOW_MS = 60 * 60_000;
const CODE_TTL_MS = 10 * 60_000;
/** Wrong codes before the pending one is void. */
export const MAX_CODE_ATTEMPTS = 5;

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Phone numbers receive SMS only once confirmed with a one-time code sent to
 * them. Requests are counted per person and per number in fixed windows by
 * guarded atomic counters; the code is kept only as an HMAC.
 */
export class PhoneService {
  constructor(
    private readonly sms: SmsChannel,
    private readonly key: Buffer,
    private readonly now: () => Date,
  ) {}

  async requestVerification(userId: string, phone: string): Promise<Date> {
    if (!E164.test(phone)) {
      throw new BadUserInputError('Give the number in E.164 form, e.g. +447700900123', 'phone');
    }
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const now = this.now();
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await notificationsDb.transaction(async (session) => {
      await this.count(`phone-code:user:${userId}`, session);
      await this.count(`phone-code:number:${phone}`, session);
      await PreferencesModel.updateOne(
        { _id: userId },
        {
          $set: {
            phoneVerification: {
              phone,
              codeHash: this.hash(userId, phone, code),
              expiresAt,
              failedAttempts: 0,
            },
          },
        },
        { upsert: true, session, setDefaultsOnInsert: true },
      );
    });
    await this.sms.send(phone, `Your WeAce code is ${code}. It expires in 10 minutes.`);
    return expiresAt;
  }

  async confirm(userId: string, code: string): Promise<Preferences> {
    if (!/^\d{6}$/.test(code)) throw new BadUserInputError('The code has six digits', 'code');
    const now = this.now();
    const pending = (await PreferencesModel.findById(userId).lean())?.phoneVerification;
    if (!pending || pending.expiresAt <= now) {
      throw new BadUserInputError('No code is pending, or it expired: request a new one', 'code');
    }
    if (pending.failedAttempts >= MAX_CODE_ATTEMPTS) {
      throw new ForbiddenError('Too many wrong codes: request a new one', 'TOO_MANY_ATTEMPTS');
    }
    const confirmed = await PreferencesModel.findOneAndUpdate(
      {
        _id: userId,
        'phoneVerification.codeHash': this.hash(userId, pending.phone, code),
        'phoneVerification.expiresAt': { $gt: now },
        'phoneVerification.failedAttempts': { $lt: MAX_CODE_ATTEMPTS },
      },
      { $set: { phone: pending.phone, phoneVerification: null } },
      { returnDocument: 'after' },
    ).lean<Preferences>();
    if (confirmed) return confirmed;
    await PreferencesModel.updateOne(
      { _id: userId, 'phoneVerification.codeHash': pending.codeHash },
      { $inc: { 'phoneVerification.failedAttempts': 1 } },
    );
    throw new BadUserInputError('That is not the code we sent', 'code');
  }

  /** One more request in the current window, or RATE_LIMITED (the upsert of a full counter collides). */
  private async count(key: string, session: ClientSession): Promise<void> {
    const now = this.now().getTime();
    const window = Math.floor(now / CODE_WINDOW_MS);
    try {
      await RateCounterModel.updateOne(
        { _id: `${key}:${window}`, count: { $lt: CODES_PER_WINDOW } },
        {
          $inc: { count: 1 },
          $setOnInsert: { expiresAt: new Date((window + 1) * CODE_WINDOW_MS) },
        },
        { upsert: true, session },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw new RateLimitedError(Math.ceil(((window + 1) * CODE_WINDOW_MS - now) / 1000));
    }
  }

  private hash(userId: string, phone: string, code: string): string {
    return createHmac('sha256', this.key)
      .update(`phone-code:${userId}:${phone}:${code}`)
      .digest('hex');
  }
}
