import { createHash } from 'node:crypto';
import { RateLimitedError, isDuplicateKeyError } from '@weace/service-kit';
import type { ThrottlePolicy } from '../config';
import { LoginFailuresModel, ThrottleScope } from './login-failures.model';

/** One counter an attempt is charged to: an account (its email), an account from an IP, or an IP. */
export interface ThrottleKey {
  readonly scope: ThrottleScope;
  readonly value: string;
}

/**
 * The counters one login attempt is charged to: the account from this client
 * IP (an unknown IP counts as one), the account from anywhere, and the client
 * IP when known.
 */
export function loginKeys(email: string, clientIp: string | undefined): ThrottleKey[] {
  const account = email.trim().toLowerCase();
  return [
    { scope: ThrottleScope.AccountIp, value: `${account} ${clientIp ?? 'unknown'}` },
    { scope: ThrottleScope.Account, value: account },
    ...(clientIp ? [{ scope: ThrottleScope.Ip, value: clientIp }] : []),
  ];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Window {
  readonly number: number;
  readonly endsAt: Date;
}

/**
 * Counts failed logins per (account, client IP), per client IP and per
 * account in fixed windows, in the auth database so every replica agrees.
 * The first two refuse (RATE_LIMITED); the per-account count only slows the
 * account's logins down, so nobody elsewhere can lock its owner out. An attempt first reserves one
 * failure on each of its counters (an atomic `$inc`), so concurrent attempts
 * cannot all slip under the limit; the reservation is kept when the attempt
 * fails on credentials, and given back otherwise. A success also clears the
 * account's counters. At a window boundary an attacker gets at most two
 * windows' worth of attempts in a row, the price of counters that need no
 * read-modify-write.
 */
export class LoginThrottle {
  constructor(
    private readonly policy: ThrottlePolicy,
    private readonly now: () => number = Date.now,
    private readonly wait: (ms: number) => Promise<void> = sleep,
  ) {}

  /**
   * Runs `attempt` unless a counter is out of failures for the current window:
   * then RATE_LIMITED, with the seconds until the window ends, without running it.
   */
  async guard<T>(
    keys: readonly ThrottleKey[],
    attempt: () => Promise<T>,
    isCredentialFailure: (error: unknown) => boolean,
  ): Promise<T> {
    const window = this.currentWindow();
    const counts = await Promise.all(keys.map((key) => this.reserve(key, window)));
    if (counts.some((count, i) => count > this.limitOf(keys[i]!.scope))) {
      await this.giveBack(keys, window);
      throw new RateLimitedError(
        Math.max(1, Math.ceil((window.endsAt.getTime() - this.now()) / 1000)),
      );
    }
    const accountFailures = counts.find((_, i) => keys[i]!.scope === ThrottleScope.Account) ?? 0;
    // The reservation itself is one: failures before this attempt are one fewer.
    if (accountFailures - 1 >= this.policy.slowDownAfterFailuresPerAccount) {
      await this.wait(this.policy.slowDownMs);
    }
    let result: T;
    try {
      result = await attempt();
    } catch (error) {
      if (!isCredentialFailure(error)) await this.giveBack(keys, window);
      throw error;
    }
    await Promise.all(
      keys.map((key) =>
        key.scope === ThrottleScope.Ip
          ? this.giveBack([key], window)
          : LoginFailuresModel.deleteOne({ _id: bucketOf(key, window) }).exec(),
      ),
    );
    return result;
  }

  private currentWindow(): Window {
    const length = this.policy.windowSeconds * 1000;
    const number = Math.floor(this.now() / length);
    return { number, endsAt: new Date((number + 1) * length) };
  }

  /** Failures a counter may hold before attempts are refused; an account's alone never refuses. */
  private limitOf(scope: ThrottleScope): number {
    switch (scope) {
      case ThrottleScope.AccountIp:
        return this.policy.maxFailuresPerAccountAndIp;
      case ThrottleScope.Ip:
        return this.policy.maxFailuresPerIp;
      case ThrottleScope.Account:
        return Infinity;
    }
  }

  /** Adds one to the key's counter, creating it for the window; resolves to the new count. */
  private async reserve(key: ThrottleKey, window: Window, retried = false): Promise<number> {
    try {
      const counter = await LoginFailuresModel.findOneAndUpdate(
        { _id: bucketOf(key, window) },
        { $inc: { failures: 1 }, $setOnInsert: { scope: key.scope, expiresAt: window.endsAt } },
        { upsert: true, returnDocument: 'after' },
      )
        .orFail()
        .lean()
        .exec();
      return counter.failures;
    } catch (error) {
      // Two first attempts raced to create the counter; the loser now finds it.
      if (isDuplicateKeyError(error) && !retried) return this.reserve(key, window, true);
      throw error;
    }
  }

  private async giveBack(keys: readonly ThrottleKey[], window: Window): Promise<void> {
    await Promise.all(
      keys.map((key) =>
        LoginFailuresModel.updateOne(
          { _id: bucketOf(key, window), failures: { $gt: 0 } },
          { $inc: { failures: -1 } },
        ).exec(),
      ),
    );
  }
}

function bucketOf(key: ThrottleKey, window: Window): string {
  const digest = createHash('sha256').update(key.value).digest('hex');
  return `${key.scope}:${digest}:${window.number}`;
}
