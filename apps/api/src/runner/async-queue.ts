/**
 * A bounded queue between producers and one consumer: `push` waits while the queue is full, which is
 * how backpressure travels upstream (a slow sink holds its Python step, which holds the source).
 * The queue ends when every producer called `end`; `fail` wakes everyone with an error.
 *
 * @example
 * const q = new AsyncQueue<number[]>(2, 1);
 * void (async () => { await q.push([1]); q.end(); })();
 * for await (const batch of q) console.log(batch);
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private ended = 0;
  private failure: { error: unknown } | undefined;
  private spaceWaiters: Array<() => void> = [];
  private itemWaiter: (() => void) | undefined;

  constructor(
    private readonly capacity: number,
    private readonly producers = 1,
  ) {}

  get size(): number {
    return this.items.length;
  }

  async push(item: T): Promise<void> {
    while (this.items.length >= this.capacity && !this.failure) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
    if (this.failure) throw this.failure.error;
    this.items.push(item);
    this.wakeConsumer();
  }

  /** One producer is done. */
  end(): void {
    this.ended++;
    this.wakeConsumer();
  }

  /** Stops the queue: pending and future `push`/`next` calls reject with `error`. */
  fail(error: unknown): void {
    if (this.failure) return;
    this.failure = { error };
    this.items.length = 0;
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const wake of waiters) wake();
    this.wakeConsumer();
  }

  /** The next item, or `undefined` once every producer ended and the queue is empty. */
  async next(): Promise<T | undefined> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      if (this.items.length > 0) {
        const item = this.items.shift() as T;
        this.spaceWaiters.shift()?.();
        return item;
      }
      if (this.ended >= this.producers) return undefined;
      await new Promise<void>((resolve) => {
        this.itemWaiter = resolve;
      });
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      const item = await this.next();
      if (item === undefined) return;
      yield item;
    }
  }

  private wakeConsumer(): void {
    const wake = this.itemWaiter;
    this.itemWaiter = undefined;
    wake?.();
  }
}
