import { describe, expect, it } from '@jest/globals';
import { type SharedResponse, createDeduplicator } from './deduplicate';

/** A fetch the test answers by hand, recording the signal it was given. */
function controllable() {
  const calls: AbortSignal[] = [];
  let answer!: (response: SharedResponse) => void;
  const fetch = (signal: AbortSignal) => {
    calls.push(signal);
    return new Promise<SharedResponse>((resolve, reject) => {
      answer = resolve;
      signal.addEventListener('abort', () => reject(signal.reason));
    });
  };
  return { calls, fetch, answer: (body: string) => answer({ status: 200, body }) };
}

const live = () => new AbortController().signal;

describe('in-flight deduplication', () => {
  it('fetches once for waiters of the same key, and again once that fetch is done', async () => {
    const dedup = createDeduplicator();
    const upstream = controllable();
    const first = dedup.run('k', live(), upstream.fetch);
    const second = dedup.run('k', live(), upstream.fetch);
    upstream.answer('one');
    expect(await Promise.all([first, second])).toEqual([
      { status: 200, body: 'one' },
      { status: 200, body: 'one' },
    ]);
    expect(upstream.calls).toHaveLength(1);
    expect(dedup.size).toBe(0);
    const third = dedup.run('k', live(), upstream.fetch);
    upstream.answer('two');
    await expect(third).resolves.toEqual({ status: 200, body: 'two' });
    expect(upstream.calls).toHaveLength(2);
  });

  it('keeps fetching for the waiters left when one gives up, and cancels when all have', async () => {
    const dedup = createDeduplicator();
    const upstream = controllable();
    const leaving = new AbortController();
    const staying = new AbortController();
    const left = dedup.run('k', leaving.signal, upstream.fetch);
    const stays = dedup.run('k', staying.signal, upstream.fetch);
    leaving.abort(new Error('client gone'));
    await expect(left).rejects.toThrow('client gone');
    expect(upstream.calls[0]!.aborted).toBe(false);
    staying.abort(new Error('deadline'));
    await expect(stays).rejects.toThrow('deadline');
    expect(upstream.calls[0]!.aborted).toBe(true);
  });

  it('never joins different keys', async () => {
    const dedup = createDeduplicator();
    const upstream = controllable();
    void dedup.run('anonymous', live(), upstream.fetch).catch(() => {});
    void dedup.run('user-1', live(), upstream.fetch).catch(() => {});
    expect(upstream.calls).toHaveLength(2);
  });
});
