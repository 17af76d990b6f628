import { pairingSkips } from "../../drizzle/schema/index.js";
import type { ActionHandler } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { textMessage } from "../core/message.js";

export const SKIP_ROUND_ACTION = "pairing.skip";

/** The heads-up's "Skip this round" button: the value is the round's period ("2026-W48"). */
export const skipRoundAction: ActionHandler = {
  actionId: SKIP_ROUND_ACTION,
  async run(ctx, value) {
    if (!/^\d{4}-W\d{2}$/.test(value)) throw new UserError("invalid_round", "That button does not name a pairing round.");
    await ctx.services.db.insert(pairingSkips).values({ workspaceId: ctx.workspace.id, memberId: ctx.member.id, period: value }).onConflictDoNothing();
    return textMessage("You are skipping this round; the next one includes you again.");
  },
};
