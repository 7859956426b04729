export interface CoalescerOptions<T> {
  /** At most this many items per batch (default 500). */
  maxBatch?: number;
  /**
   * At most this many batches running at once (default: no limit). While all are running, new
   * items wait and join the next batch: the busier the server, the bigger the batches (group commit).
   */
  maxInFlight?: number;
  /** Items with the same key never share a batch; a later one waits for the next batch. */
  key?: (item: T) => string;
  /**
   * When a batch of several items fails with an error this returns true for, each item is run
   * again as a batch of its own, so one bad item fails only its own caller.
   */
  retryAlone?: (err: unknown) => boolean;
}

interface Entry<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

/**
 * Gathers calls made in the same event-loop turn (or while earlier batches are still running, with
 * `maxInFlight`) into one batch, so N concurrent callers cost one database round trip instead of N.
 * Each caller still gets its own result, in order.
 */
export class Coalescer<T, R> {
  private pending: Array<Entry<T, R>> = [];
  private scheduled = false;
  private inFlight = 0;
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    options: number | CoalescerOptions<T> = {},
  ) {
    const opts = typeof options === 'number' ? { maxBatch: options } : options;
    this.maxBatch = opts.maxBatch ?? 500;
    this.maxInFlight = opts.maxInFlight ?? Infinity;
    this.key = opts.key;
    this.retryAlone = opts.retryAlone;
  }

  private readonly key?: (item: T) => string;
  private readonly retryAlone?: (err: unknown) => boolean;

  push(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.maxBatch && this.inFlight < this.maxInFlight) this.flush();
      else this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || !this.pending.length || this.inFlight >= this.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length && this.inFlight < this.maxInFlight) {
      const batch = this.take();
      this.inFlight++;
      this.execute(batch).finally(() => {
        this.inFlight--;
        this.schedule();
      });
    }
  }

  /** The next batch: up to maxBatch pending entries, in order, with distinct keys. */
  private take(): Array<Entry<T, R>> {
    if (!this.key) return this.pending.splice(0, this.maxBatch);
    const batch: Array<Entry<T, R>> = [];
    const rest: Array<Entry<T, R>> = [];
    const keys = new Set<string>();
    for (const entry of this.pending) {
      const k = this.key(entry.item);
      if (batch.length < this.maxBatch && !keys.has(k)) {
        keys.add(k);
        batch.push(entry);
      } else rest.push(entry);
    }
    this.pending = rest;
    return batch;
  }

  private async execute(batch: Array<Entry<T, R>>): Promise<void> {
    try {
      const results = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (err) {
      if (batch.length > 1 && this.retryAlone?.(err)) {
        await Promise.all(batch.map((b) => this.execute([b])));
      } else {
        batch.forEach((b) => b.reject(err));
      }
    }
  }
}
