import { randomBytes } from "node:crypto";
import type { Logger } from "./core/logger.js";

/**
 * What the process does with an error nothing caught (README, "Security").
 *
 * - An unhandled promise rejection is logged with a reference and the process keeps serving.
 *   Here such rejections come from work started for one request and left to finish on its own
 *   (Bolt's receiver and discord.js's gateway handler both do this): the request failed, the
 *   rest of the process did not. Exiting would drop every other person's work in flight and
 *   let one bad request stop the bot for everyone.
 * - An uncaught exception is logged with a reference and the process stops in order (jobs
 *   handed back, connections closed) and exits 1 for its supervisor (Docker's restart policy,
 *   Kubernetes, systemd) to start it again: a synchronous throw that reached the top may have
 *   left any object half-changed, and Node documents resuming after one as unsafe.
 *
 * The reference is in the log line's message, so a report quoting it finds the stack.
 */
export function installCrashPolicy(target: NodeJS.EventEmitter, logger: Logger, stop: (code: number) => Promise<void>): void {
  target.on("unhandledRejection", (reason: unknown) => {
    const reference = newReference();
    logger.error({ err: reason, reference }, `unexpected error (reference ${reference}); the request it belonged to failed, the bot keeps serving`);
  });
  target.on("uncaughtException", (error: Error) => {
    const reference = newReference();
    logger.fatal({ err: error, reference }, `unexpected error (reference ${reference}); stopping for the supervisor to restart the bot`);
    void stop(1);
  });
}

function newReference(): string {
  return randomBytes(4).toString("hex");
}
