/** Ids seen within the last `ttlMs`, bounded so a flood cannot grow it without end. */
export class RecentIds {
  private readonly expiries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly max = 50_000,
  ) {}

  /** True the first time an id is offered within the window; false for a repeat. */
  first(id: string, now = Date.now()): boolean {
    const expiry = this.expiries.get(id);
    if (expiry !== undefined && expiry > now) return false;
    this.expiries.delete(id);
    this.expiries.set(id, now + this.ttlMs);
    // Insertion order is expiry order: drop the expired, then the oldest past the bound.
    for (const [old, at] of this.expiries) {
      if (at > now && this.expiries.size <= this.max) break;
      this.expiries.delete(old);
    }
    return true;
  }
}
