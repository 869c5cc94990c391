import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startServer } from '@weace/embedded-mongo';
import { RateLimitedError, openDatabase } from '@weace/service-kit';
import type { Connection } from 'mongoose';
import { LoginFailuresModel, ThrottleScope } from './login-failures.model';
import { LoginThrottle, loginKeys } from './login-throttle.service';

let engine: Awaited<ReturnType<typeof startServer>>;
let connection: Connection;
beforeAll(async () => {
  engine = await startServer({ port: 0 });
  connection = await openDatabase('auth', engine.uri);
});
afterAll(async () => {
  await connection.close();
  await engine.stop();
});
beforeEach(() => LoginFailuresModel.deleteMany({}).exec());

const policy = {
  windowSeconds: 60,
  maxFailuresPerAccountAndIp: 3,
  maxFailuresPerIp: 10,
  slowDownAfterFailuresPerAccount: 5,
  slowDownMs: 1_000,
};
const WINDOW_START = Date.UTC(2026, 0, 1, 12, 0, 0);

/** A throttle whose clock the test moves, and which records its waits instead of waiting. */
function throttleAt(start = WINDOW_START) {
  const clock = { now: start };
  const waits: number[] = [];
  const throttle = new LoginThrottle(
    policy,
    () => clock.now,
    async (ms) => void waits.push(ms),
  );
  return { clock, waits, throttle };
}

const wrongPassword = () => Promise.reject(new Error('wrong password'));
const providerDown = () => Promise.reject(new Error('provider down'));
const always = () => true;
const never = () => false;

describe('LoginThrottle', () => {
  it('lets the attempt through while failures are under the limit, then refuses with the seconds left [RATE_LIMITED]', async () => {
    const { clock, throttle } = throttleAt();
    const keys = loginKeys('Ada@Example.com ', undefined);
    for (let i = 0; i < 3; i += 1) {
      await expect(throttle.guard(keys, wrongPassword, always)).rejects.toThrow('wrong password');
    }
    clock.now = WINDOW_START + 45_500;
    const refused = throttle.guard(
      loginKeys('ada@example.com', undefined),
      async () => 'ok',
      never,
    );
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    await expect(refused).rejects.toMatchObject({ retryAfterSeconds: 15 });
  });

  it('lets at most the limit through when attempts race, because each reserves before it runs', async () => {
    const { throttle } = throttleAt();
    const keys = loginKeys('racer@example.com', undefined);
    let ran = 0;
    const attempt = () => {
      ran += 1;
      return wrongPassword();
    };
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => throttle.guard(keys, attempt, always)),
    );
    expect(ran).toBe(3);
    expect(
      outcomes.filter((o) => o.status === 'rejected' && o.reason instanceof RateLimitedError),
    ).toHaveLength(7);
  });

  it('starts counting again in the next window', async () => {
    const { clock, throttle } = throttleAt();
    const keys = loginKeys('patient@example.com', undefined);
    for (let i = 0; i < 3; i += 1)
      await throttle.guard(keys, wrongPassword, always).catch(() => {});
    clock.now = WINDOW_START + 60_000;
    await expect(throttle.guard(keys, async () => 'ok', never)).resolves.toBe('ok');
  });

  it('does not count failures that are not about credentials', async () => {
    const { throttle } = throttleAt();
    const keys = loginKeys('unlucky@example.com', '192.0.2.1');
    for (let i = 0; i < 5; i += 1) {
      await expect(throttle.guard(keys, providerDown, never)).rejects.toThrow('provider down');
    }
    const counters = await LoginFailuresModel.find().lean().exec();
    expect(counters).toHaveLength(3);
    for (const counter of counters) expect(counter.failures).toBe(0);
  });

  it('clears the account’s counters on success but keeps the IP’s failures', async () => {
    const { throttle } = throttleAt();
    const ip = '192.0.2.2';
    await throttle.guard(loginKeys('a@example.com', ip), wrongPassword, always).catch(() => {});
    await throttle.guard(loginKeys('a@example.com', ip), async () => 'ok', never);
    const counters = await LoginFailuresModel.find().lean().exec();
    expect(counters).toEqual([expect.objectContaining({ scope: ThrottleScope.Ip, failures: 1 })]);
  });

  it('stores no email or IP, and lets the TTL index delete a counter when its window ends', async () => {
    const { throttle } = throttleAt();
    await throttle
      .guard(loginKeys('secret@example.com', '192.0.2.3'), wrongPassword, always)
      .catch(() => {});
    const stored = JSON.stringify(await LoginFailuresModel.find().lean().exec());
    expect(stored).not.toMatch(/secret@example\.com|192\.0\.2\.3/);
    expect(
      await LoginFailuresModel.find({ expiresAt: new Date(WINDOW_START + 60_000) }),
    ).toHaveLength(3);
    const indexes = await LoginFailuresModel.listIndexes();
    expect(indexes).toContainEqual(
      expect.objectContaining({ key: { expiresAt: 1 }, expireAfterSeconds: 0 }),
    );
  });

  it('lets the owner log in from their own address while an attacker elsewhere is refused', async () => {
    const { throttle } = throttleAt();
    const victim = 'victim@example.com';
    const attacker = loginKeys(victim, '198.51.100.66');
    const outcomes = [];
    for (let i = 0; i < 6; i += 1) {
      outcomes.push(await throttle.guard(attacker, wrongPassword, always).catch((e) => e));
    }
    expect(outcomes.at(-1)).toBeInstanceOf(RateLimitedError);
    await expect(
      throttle.guard(loginKeys(victim, '192.0.2.10'), async () => 'welcome', never),
    ).resolves.toBe('welcome');
  });

  it('slows an account hammered from many addresses down, without refusing it', async () => {
    const { throttle, waits } = throttleAt();
    const target = 'popular@example.com';
    for (let i = 0; i < 5; i += 1) {
      await throttle
        .guard(loginKeys(target, `198.51.100.${i}`), wrongPassword, always)
        .catch(() => {});
    }
    expect(waits).toEqual([]);
    await expect(
      throttle.guard(loginKeys(target, '192.0.2.20'), async () => 'in', never),
    ).resolves.toBe('in');
    expect(waits).toEqual([1_000]);
  });
});
