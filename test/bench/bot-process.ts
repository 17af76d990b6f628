import { createApp, type Role } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";

/**
 * One role of the bot in its own process, as deployed: `web` (the Discord gateway client,
 * acknowledging and handing off) or `worker` (the queues). Settings come from the environment
 * the bench gives it. Tells the parent `ready` once started, and stops on `stop`.
 */
export type BotProcessMessage = { ready: true } | { failed: string };

async function main(): Promise<void> {
  const role = process.argv[2] as Role;
  const app = await createApp(loadConfig(process.env), { logger: silentLogger });
  await app.start(role);
  process.on("message", (message) => {
    if (message !== "stop") return;
    void app
      .stop()
      .catch(() => {})
      .finally(() => process.exit(0));
  });
  process.send?.({ ready: true } satisfies BotProcessMessage);
}

main().catch((error: unknown) => {
  process.send?.({ failed: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies BotProcessMessage);
  process.exit(1);
});
