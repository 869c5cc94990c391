/** One fetch's outcome as shared between waiters: each parses its own copy. */
export interface SharedResponse {
  readonly status: number;
  readonly body: string;
}

export interface Deduplicator {
  /**
   * Runs `fetch` unless one with the same key is in flight, in which case it
   * waits for that one. The shared fetch is cancelled only once every waiter
   * has given up (its `signal` aborted); a waiter that gives up alone
   * rejects at once.
   */
  run(
    key: string,
    signal: AbortSignal,
    fetch: (signal: AbortSignal) => Promise<SharedResponse>,
  ): Promise<SharedResponse>;
  /** Fetches in flight now. */
  readonly size: number;
}

interface InFlight {
  readonly response: Promise<SharedResponse>;
  readonly controller: AbortController;
  waiters: number;
}

/**
 * In-flight deduplication of identical subgraph fetches. The caller builds
 * the key, and must make it include who is asking: a response is shared only
 * between requests that would have been answered the same.
 */
export function createDeduplicator(): Deduplicator {
  const inFlight = new Map<string, InFlight>();
  return {
    get size() {
      return inFlight.size;
    },
    run(key, signal, fetch) {
      let entry = inFlight.get(key);
      if (!entry) {
        const controller = new AbortController();
        const created: InFlight = {
          controller,
          waiters: 0,
          response: fetch(controller.signal).finally(() => inFlight.delete(key)),
        };
        inFlight.set(key, created);
        entry = created;
      }
      const joined = entry;
      joined.waiters++;
      if (signal.aborted) return leave(joined, signal);
      return new Promise<SharedResponse>((resolve, reject) => {
        const onAbort = () => {
          leave(joined, signal).catch(reject);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        joined.response.then(
          (response) => {
            signal.removeEventListener('abort', onAbort);
            resolve(response);
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        );
      });
    },
  };
}

function leave(entry: InFlight, signal: AbortSignal): Promise<never> {
  if (--entry.waiters === 0) entry.controller.abort(signal.reason);
  entry.response.catch(() => {});
  return Promise.reject(signal.reason);
}
