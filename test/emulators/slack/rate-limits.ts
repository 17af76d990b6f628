/**
 * Slack's rate limits as token buckets: per channel for chat.postMessage (about 1 a second with
 * short bursts) and per method per workspace by tier. A call over a limit is answered
 * HTTP 429 with Retry-After in whole seconds and consumes nothing.
 */
export interface Bucket {
  perSecond: number;
  burst: number;
}

/** Web API tiers, calls per minute per workspace (PLATFORM-LIMITS); bursts allow a minute's worth. */
const TIER: Record<1 | 2 | 3 | 4, Bucket> = {
  1: { perSecond: 1 / 60, burst: 1 },
  2: { perSecond: 20 / 60, burst: 20 },
  3: { perSecond: 50 / 60, burst: 50 },
  4: { perSecond: 100 / 60, burst: 100 },
};

export const METHOD_TIERS: Record<string, Bucket> = {
  "auth.test": TIER[4],
  "users.info": TIER[4],
  "conversations.open": TIER[3],
  "conversations.info": TIER[3],
  "chat.update": TIER[3],
  "chat.postEphemeral": TIER[4],
  "views.open": TIER[4],
  "views.publish": TIER[4],
  "views.update": TIER[4],
  "files.getUploadURLExternal": TIER[4],
  "files.completeUploadExternal": TIER[4],
};

export interface SlackLimits {
  perChannel: Bucket;
  /** chat.postMessage across a workspace (several hundred a minute). */
  perWorkspace: Bucket;
  /** Multiplies every tier (tests that send a lot on purpose raise it). */
  tierScale: number;
}

export const DEFAULT_LIMITS: SlackLimits = {
  perChannel: { perSecond: 1, burst: 3 },
  perWorkspace: { perSecond: 10, burst: 20 },
  tierScale: 1,
};

export class Buckets {
  private readonly state = new Map<string, { tokens: number; at: number }>();

  /** Ms until every bucket has a token (0: take them now). */
  wait(entries: { key: string; limit: Bucket }[], now = performance.now()): number {
    let wait = 0;
    for (const { key, limit } of entries) {
      const bucket = this.refill(key, limit, now);
      if (bucket.tokens < 1) wait = Math.max(wait, ((1 - bucket.tokens) / limit.perSecond) * 1000);
    }
    if (wait === 0) for (const { key } of entries) (this.state.get(key) as { tokens: number }).tokens -= 1;
    return wait;
  }

  private refill(key: string, limit: Bucket, now: number): { tokens: number; at: number } {
    let bucket = this.state.get(key);
    if (!bucket) {
      bucket = { tokens: limit.burst, at: now };
      this.state.set(key, bucket);
    }
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
    bucket.at = now;
    return bucket;
  }
}
