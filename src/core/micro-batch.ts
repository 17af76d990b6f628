/**
 * Calls made in the same turn of the event loop go to the database as one statement: a worker
 * finishing a burst of clicks (many jobs at once, or a batch from the hand-off stream) reads
 * their members or claims their deliveries in one round trip instead of one each. Nothing is
 * kept after the statement answers, so a result is never older than the call waiting for it.
 */
export class MicroBatch<K, V> {
  private pending: { key: K; resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];

  /** `loadMany` answers one value per key, in the keys' order. */
  constructor(
    private readonly loadMany: (keys: K[]) => Promise<V[]>,
    private readonly maxBatch = 500,
  ) {}

  load(key: K): Promise<V> {
    return new Promise((resolve, reject) => {
      // setImmediate, not a microtask: continuations of answers read from one socket chunk run
      // in the same I/O phase, and their calls join the batch too.
      if (this.pending.length === 0) setImmediate(() => this.flush());
      this.pending.push({ key, resolve, reject });
      if (this.pending.length >= this.maxBatch) this.flush();
    });
  }

  private flush(): void {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.loadMany(batch.map((entry) => entry.key)).then(
      (values) => {
        for (const [i, entry] of batch.entries()) entry.resolve(values[i] as V);
      },
      (error: unknown) => {
        for (const entry of batch) entry.reject(error);
      },
    );
  }
}
