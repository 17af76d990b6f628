import { randomBytes } from "node:crypto";
import { installation } from "../../drizzle/schema/index.js";
import type { Db } from "./connection.js";

/**
 * The queue namespace of this database, made once on its first start. Replicas starting
 * together all read the row the first one wrote.
 */
export async function queueNamespace(db: Db): Promise<string> {
  await db
    .insert(installation)
    .values({ queueNamespace: randomBytes(8).toString("hex") })
    .onConflictDoNothing();
  const [row] = await db.select({ queueNamespace: installation.queueNamespace }).from(installation);
  if (!row) throw new Error("The installation row is missing right after it was written.");
  return row.queueNamespace;
}

/** Where this database's queues live in Redis: the configured prefix, then the namespace. */
export function queuePrefixOf(configured: string, namespace: string): string {
  return namespace === "" ? configured : `${configured}:${namespace}`;
}
