/**
 * Runs tasks of one key one after another, tasks of different keys side by
 * side. It holds no rule: the database's guards and transactions do. It
 * spares a crowd of concurrent transactions on one document (every seat of an
 * event is taken on the event) the write-conflict retry storm, in which each
 * round lets one transaction through and sends all the others back to retry.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
