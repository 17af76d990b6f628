/**
 * Concurrent callers asking for the same key share one call in flight: a burst of a thousand
 * events from one workspace makes one lookup per round trip, not a thousand. Nothing is kept
 * after the call settles, so a result is never older than the call that produced it.
 */
export class SingleFlight<T> {
  private readonly inFlight = new Map<string, Promise<T>>();

  run(key: string, call: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const started = call().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
