import { sleep, waitFor } from "../../helpers/private-servers.js";
import type { BotProcess } from "./bot-process.js";

/** A store a test stops and starts again: the private Redis or Postgres. */
export interface Restartable {
  down(): Promise<void>;
  up(): Promise<void>;
}

export interface OutageTiming {
  /** How long the load runs before the store goes down. */
  downAfterMs: number;
  /** How long the store stays down. */
  outageMs: number;
}

export interface Readiness {
  /** /readyz answers of the web process that were 503 while the store was down. */
  readyz503: number;
  /** /readyz once the store is back and the load has settled (200 when the process recovered). */
  readyzAfter: number;
}

/**
 * Starts `load` (people using the bot through the web process), stops `store` partway through,
 * starts it again, and waits for the load to settle, probing the web process's /readyz every
 * 250 ms while the store is down.
 */
export async function underOutage<T>(web: BotProcess, store: Restartable, timing: OutageTiming, load: () => Promise<T>): Promise<{ result: T } & Readiness> {
  const running = load();
  await sleep(timing.downAfterMs);
  await store.down();
  const during: number[] = [];
  const outageEnds = Date.now() + timing.outageMs;
  while (Date.now() < outageEnds) {
    during.push(await web.readyStatus().catch(() => 0));
    await sleep(250);
  }
  await store.up();
  const result = await running;
  await waitFor(async () => (await web.readyStatus()) === 200, 15_000, "web /readyz did not return to 200");
  return { result, readyz503: during.filter((status) => status === 503).length, readyzAfter: await web.readyStatus() };
}
