import { adminOnlySentence } from "./access.js";
import type { ActionHandler } from "./context.js";
import { UserError } from "./errors.js";
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
      if (routed.definition.access === "admin" && !ctx.isAdmin) {
        throw new UserError("admin_only", adminOnlySentence(routed.definition.path, ctx.actor));
      }
      return routed.definition.run(ctx, routed.args);
    },
  };
}
