/** One fixed-window bucket, the way Discord reports it in X-RateLimit-* headers. */
interface Window {
  remaining: number;
  resetAt: number;
}

export interface BucketRule {
  /** Bucket hash sent in X-RateLimit-Bucket. */
  name: string;
  limit: number;
  windowMs: number;
}

export type RateDecision =
  | { ok: true; headers: Record<string, string> }
  | { ok: false; headers: Record<string, string>; body: { message: string; retry_after: number; global: boolean; code: number } };

/**
 * Per-route buckets (keyed by route and major parameter) and the global per-bot limit.
 * Interaction callbacks and webhook follow-ups are exempt from the global limit, as on Discord.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly global: { limit: number; windowMs: number }) {}

  check(rule: BucketRule | undefined, majorKey: string, countsGlobally: boolean, now = Date.now()): RateDecision {
    if (countsGlobally) {
      const global = this.take("global", this.global.limit, this.global.windowMs, now);
      if (!global.ok) {
        const retryAfter = global.resetAfterMs / 1000;
        return {
          ok: false,
          headers: { "Retry-After": String(Math.ceil(retryAfter)), "X-RateLimit-Global": "true", "X-RateLimit-Scope": "global" },
          body: { message: "You are being rate limited.", retry_after: retryAfter, global: true, code: 0 },
        };
      }
    }
    if (!rule) return { ok: true, headers: {} };
    const bucket = this.take(`${rule.name}:${majorKey}`, rule.limit, rule.windowMs, now);
    const resetAfter = bucket.resetAfterMs / 1000;
    const headers: Record<string, string> = {
      "X-RateLimit-Limit": String(rule.limit),
      "X-RateLimit-Remaining": String(bucket.remaining),
      "X-RateLimit-Reset": ((now + bucket.resetAfterMs) / 1000).toFixed(3),
      "X-RateLimit-Reset-After": resetAfter.toFixed(3),
      "X-RateLimit-Bucket": rule.name,
    };
    if (bucket.ok) return { ok: true, headers };
    return {
      ok: false,
      headers: { ...headers, "Retry-After": String(Math.ceil(resetAfter)), "X-RateLimit-Scope": "user" },
      body: { message: "You are being rate limited.", retry_after: resetAfter, global: false, code: 0 },
    };
  }

  private take(key: string, limit: number, windowMs: number, now: number): { ok: boolean; remaining: number; resetAfterMs: number } {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { remaining: limit, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    const resetAfterMs = window.resetAt - now;
    if (window.remaining <= 0) return { ok: false, remaining: 0, resetAfterMs };
    window.remaining--;
    return { ok: true, remaining: window.remaining, resetAfterMs };
  }
}
