// The outbox relay: sends unsent events to the consumer in batches, oldest first, and deletes
// them once the consumer has said 2xx. It can crash after sending and before deleting, so an
// event may arrive twice: the consumer skips an id it has seen. At least once, applied once.
//   CONSUMER_URL=http://localhost:4000/events node 6-outbox/relay.js
import { setTimeout as sleep } from "node:timers/promises";
import { createPool } from "../2-data/db.js";

const consumerUrl = process.env.CONSUMER_URL ?? "http://localhost:4000/events";
const pool = createPool();

/** Sends one batch; returns how many events it sent. */
async function relayBatch() {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    // SKIP LOCKED: a second relay takes the next rows instead of sending these twice.
    const { rows } = await client.query("SELECT id, topic, payload FROM outbox ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED");
    if (rows.length > 0) {
      const response = await fetch(consumerUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(rows),
        signal: AbortSignal.timeout(5_000), // the transaction stays open while we wait: bound it
      });
      if (!response.ok) throw new Error(`the consumer answered ${response.status}`);
      await client.query("DELETE FROM outbox WHERE id = ANY($1)", [rows.map((row) => row.id)]);
    }
    await client.query("COMMIT");
    return rows.length;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

let stopping = false;
process.on("SIGTERM", () => {
  stopping = true;
});
let failures = 0;
while (!stopping) {
  try {
    const sent = await relayBatch();
    if (sent > 0) console.log(`relayed ${sent} events`);
    failures = 0;
    if (sent < 100) await sleep(200); // caught up: poll again shortly
  } catch (error) {
    failures++;
    console.error(`relay failed (${failures} in a row): ${error instanceof Error ? error.message : error}`);
    await sleep(Math.min(30_000, 250 * 2 ** failures)); // back off while the consumer is down
  }
}
await pool.end();
