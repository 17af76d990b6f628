import { hostname } from "node:os";
import type { Redis } from "ioredis";
import type { HandOffJob } from "../src/core/hand-off.js";

/** One hand-off as a worker reads it: its stream entry id, and its payload unless it could not be read. */
export interface HandOffEntry {
  id: string;
  job: HandOffJob | undefined;
}

/** A pending entry as XPENDING reports it. */
export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

type RawEntry = [id: string, fields: string[]] | null;

const GROUP = "workers";

/**
 * The interactions web processes hand off, as one Redis stream read by a consumer group of
 * workers. A web process appends a few milliseconds' worth of hand-offs in one pipelined round
 * trip; a worker reads a batch with one XREADGROUP and acknowledges it with one XACK. An entry
 * stays pending (and its payload, with the platform's short-lived answer handle, in Redis) until
 * a worker has finished it; then it is acknowledged and deleted in one round trip.
 * No MAXLEN: once finished entries are deleted the stream holds only unfinished work, and
 * trimming it would drop clicks that were already acknowledged.
 */
export class HandOffStream {
  readonly key: string;
  /** This process's consumer name in the group: a dead process's entries are claimed from it. */
  readonly consumer = `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  constructor(
    private readonly connection: Redis,
    prefix: string,
  ) {
    this.key = `${prefix}:hand-offs`;
  }

  /** Appends hand-offs in one round trip; resolves once Redis holds every one of them. */
  async add(jobs: HandOffJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const pipeline = this.connection.pipeline();
    for (const job of jobs) pipeline.xadd(this.key, "*", "platform", job.platform, "interaction", JSON.stringify(job.interaction));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed || results.length !== jobs.length) throw failed?.[0] ?? new Error("Redis did not take every hand-off");
  }

  /** Creates the consumer group (and the stream) unless it exists; from the start, so nothing already added is skipped. */
  async ensureGroup(): Promise<void> {
    try {
      await this.connection.xgroup("CREATE", this.key, GROUP, "0", "MKSTREAM");
    } catch (error) {
      if (!(error instanceof Error && error.message.includes("BUSYGROUP"))) throw error;
    }
  }

  /** Up to `count` entries no worker has read yet, waiting up to `blockMs` for the first; on `reader`, a connection of its own. */
  async read(reader: Redis, count: number, blockMs: number): Promise<HandOffEntry[]> {
    const answer = (await reader.xreadgroup("GROUP", GROUP, this.consumer, "COUNT", count, "BLOCK", blockMs, "STREAMS", this.key, ">")) as
      | [key: string, entries: RawEntry[]][]
      | null;
    return (answer?.[0]?.[1] ?? []).flatMap(parseEntry);
  }

  /** Finished (or given up): acknowledged and deleted, so the payload leaves Redis. One round trip. */
  async finish(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const results =
      (await this.connection
        .multi()
        .xack(this.key, GROUP, ...ids)
        .xdel(this.key, ...ids)
        .exec()) ?? [];
    const failed = results.find(([error]) => error);
    if (failed) throw failed[0];
  }

  /** Entries read but not finished for at least `minIdleMs`, oldest first. */
  async pending(minIdleMs: number, count: number): Promise<PendingEntry[]> {
    const rows = (await this.connection.xpending(this.key, GROUP, "IDLE", minIdleMs, "-", "+", count)) as [string, string, number, number][];
    return rows.map(([id, consumer, idleMs, deliveries]) => ({ id, consumer, idleMs, deliveries }));
  }

  /** Takes entries over for this consumer (another delivery); entries deleted meanwhile are left out. */
  async claim(ids: string[]): Promise<HandOffEntry[]> {
    if (ids.length === 0) return [];
    const entries = (await this.connection.xclaim(this.key, GROUP, this.consumer, 0, ...ids)) as RawEntry[];
    return entries.flatMap(parseEntry);
  }

  /** Hand-offs not yet finished: waiting to be read, or read and in progress. */
  async backlog(): Promise<number> {
    return this.connection.xlen(this.key);
  }
}

/** A deleted entry reads as null; a payload that does not parse is kept as unreadable (`job` undefined). */
function parseEntry(entry: RawEntry): HandOffEntry[] {
  if (!entry) return [];
  const [id, fields] = entry;
  const value = (name: string) => fields[fields.indexOf(name) + 1];
  const platform = value("platform");
  const interaction = value("interaction");
  try {
    return [{ id, job: platform && interaction ? { platform, interaction: JSON.parse(interaction) } : undefined }];
  } catch {
    return [{ id, job: undefined }];
  }
}
