import type { ActionHandler } from "./context.js";
import { requireAdmin } from "./preconditions.js";
import type { CommandRouter } from "./router.js";

/** A button whose value is a command line ("progress", "lesson next"): one press runs it. */
export const RUN_COMMAND_ACTION = "command.run";

/** Runs the command in the button's value as the person who pressed it, with the same access rules. */
export function runCommandAction(router: CommandRouter): ActionHandler {
  return {
    actionId: RUN_COMMAND_ACTION,
    opensForm(value) {
      try {
        return router.route(value).definition.opensForm ?? false;
      } catch {
        return false;
      }
    },
    async run(ctx, value) {
      const routed = router.route(value);
      if (routed.definition.access === "admin") requireAdmin(ctx, routed.definition.path);
      return routed.definition.run(ctx, routed.args);
    },
  };
}
