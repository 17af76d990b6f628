import { createHash } from "node:crypto";

/**
 * Running counts of what chat.postMessage did, kept as calls arrive so a benchmark can poll them
 * cheaply: messages posted, channels reached, the same message posted to a channel again, and
 * refusals (429 apart from other errors, over every method).
 */
export interface PostStats {
  calls: number;
  /** chat.postMessage calls that posted a message. */
  delivered: number;
  /** Distinct (workspace, channel) pairs that received at least one message. */
  deliveredChannels: number;
  /** Posts of a message (same text and blocks) a channel already had. */
  duplicates: number;
  rejected429: number;
  /** Calls answered ok:false for a reason other than a rate limit. */
  errors: number;
}

export class PostTally {
  private readonly channels = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly counts = { calls: 0, delivered: 0, duplicates: 0, rejected429: 0, errors: 0 };

  record(call: { method: string; team?: string; params: Record<string, unknown>; status: number; ok: boolean }): void {
    this.counts.calls += 1;
    if (call.status === 429) this.counts.rejected429 += 1;
    else if (!call.ok) this.counts.errors += 1;
    if (call.method !== "chat.postMessage" || !call.ok) return;
    const channel = `${call.team}:${String(call.params.channel)}`;
    const message = createHash("sha1")
      .update(`${channel}\n${String(call.params.text ?? "")}\n${String(call.params.blocks ?? "")}`)
      .digest("hex");
    this.counts.delivered += 1;
    this.channels.add(channel);
    if (this.seen.has(message)) this.counts.duplicates += 1;
    this.seen.add(message);
  }

  get stats(): PostStats {
    return { ...this.counts, deliveredChannels: this.channels.size };
  }
}
