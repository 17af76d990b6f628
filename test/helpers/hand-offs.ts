import { Redis } from "ioredis";
import type { HandOffStream } from "../../jobs/hand-off-stream.js";
import type { HandOffJob } from "../../src/core/hand-off.js";
import { TEST_REDIS_URL } from "./fresh.js";

/** The hand-offs waiting in a stream, oldest first, read (on a connection of their own) without taking them from the workers. */
export async function waitingHandOffs(stream: HandOffStream): Promise<HandOffJob[]> {
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const entries = (await redis.xrange(stream.key, "-", "+")) as [string, string[]][];
    return entries.map(([, fields]) => {
      const value = (name: string) => fields[fields.indexOf(name) + 1] ?? "";
      return { platform: value("platform"), interaction: JSON.parse(value("interaction")) };
    });
  } finally {
    await redis.quit();
  }
}
