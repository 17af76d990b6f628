import type { CommandDefinition } from "../core/commands.js";
import type { ActionHandler, CommandContext } from "../core/context.js";
import { UserError } from "../core/errors.js";
import { textMessage } from "../core/message.js";
import { plainName, quoted, readerTime } from "../core/text.js";
import { GAMEDAY_CLOSE_ACTION, GAMEDAY_VOTE_ACTION, listMessage, stoppedMessage } from "./render.js";

const NONE_RUNNING = "No game day is running in this channel. `/mentor gameday start <scenario>` begins one (`/mentor gameday list` shows them).";

/** `/mentor gameday …`: scenario ids are offered as the person types where the platform can (Discord). */
export function gamedayCommands(): CommandDefinition[] {
  return [
    {
      path: ["gameday", "list"],
      summary: "The incident game day scenarios an admin can start in a channel.",
      args: [],
      access: "member",
      async run(ctx) {
        const { gamedays, lessons } = ctx.services;
        return listMessage(gamedays.catalog.scenarios, (id) => lessons.catalog.get(id)?.title);
      },
    },
    {
      path: ["gameday", "start"],
      summary: "Start an incident game day in this channel: an alert, facts on a timer, votes, a postmortem.",
      args: [
        {
          kind: "word",
          name: "scenario",
          pattern: /^[a-z][a-z0-9-]*$/i,
          description: "The scenario (see /mentor gameday list)",
          example: "retry-storm",
          suggest: { catalogs: ["scenarios"] },
        },
      ],
      access: "admin",
      async run(ctx, args) {
        const { gamedays } = ctx.services;
        const now = ctx.services.now();
        const zone = await gamedays.channelZone(ctx.workspace.id, ctx.conversation, ctx.workspace.timezone);
        const { scenario } = await gamedays.start(ctx.workspace.id, ctx.conversation, args.requireString("scenario"), ctx.member.id, zone, now);
        return textMessage(
          `Game day ${quoted(scenario.title)} started: the alert is on its way to this channel. Times are shown in ${zone}. \`/mentor gameday close\` closes a vote early, \`/mentor gameday stop\` ends the game.`,
        );
      },
    },
    {
      path: ["gameday", "close"],
      summary: "Close the running game day's open vote now (the choice with the most votes is taken).",
      args: [],
      access: "admin",
      async run(ctx) {
        const closing = await ctx.services.gamedays.closeNow(ctx.workspace.id, ctx.conversation);
        return textMessage(closing ? "Closing the vote now: the result and the next step follow in the channel." : NONE_RUNNING);
      },
    },
    {
      path: ["gameday", "stop"],
      summary: "Stop the game day running in this channel (no postmortem; it counts for nobody).",
      args: [],
      access: "admin",
      privateReply: false,
      async run(ctx) {
        const { gamedays } = ctx.services;
        const stopped = await gamedays.store.stop(ctx.workspace.id, ctx.conversation, ctx.services.now());
        if (!stopped) return textMessage(NONE_RUNNING);
        return stoppedMessage(gamedays.scenarioOf(stopped), plainName(ctx.member.displayName));
      },
    },
  ];
}

/** Players are members of this workspace: a person from another organisation in a shared channel watches. */
function requirePlayer(ctx: CommandContext): void {
  if (ctx.actor.external) throw new UserError("not_a_player", "Only members of this workspace can vote in its game days.");
}

export const gamedayVoteAction: ActionHandler = {
  actionId: GAMEDAY_VOTE_ACTION,
  async run(ctx, value) {
    requirePlayer(ctx);
    const now = ctx.services.now();
    const { outcome, game, label } = await ctx.services.gamedays.vote(ctx.workspace.id, ctx.conversation, ctx.member.id, value, now);
    if (outcome.kind === "closed") return textMessage("This decision has closed; the channel's choice is on its message.");
    const row = await ctx.services.gamedays.store.step(game.id, Number(value.split(".")[1]));
    const closes = readerTime(row?.closesAt ?? now, "time", ctx.services.members.timezoneOf(ctx.member, ctx.workspace));
    const others = `${outcome.voters} ${outcome.voters === 1 ? "person has" : "people have"} voted so far; the vote closes at ${closes}.`;
    const chosen = quoted(label(value.split(".")[2] as string));
    if (outcome.kind === "same") return textMessage(`You already voted for ${chosen}: it counts once. ${others}`);
    if (outcome.kind === "changed") return textMessage(`Vote changed to ${chosen} (it replaces ${quoted(label(outcome.previous ?? ""))}). ${others}`);
    return textMessage(`Vote recorded: ${chosen}. ${others}`);
  },
};

export const gamedayCloseAction: ActionHandler = {
  actionId: GAMEDAY_CLOSE_ACTION,
  async run(ctx, value) {
    const match = /^(\d{1,9})\.(\d{1,2})$/.exec(value);
    const game = match ? await ctx.services.gamedays.store.byId(Number(match[1])) : undefined;
    if (!match || !game || game.workspaceId !== ctx.workspace.id || game.channel !== ctx.conversation) {
      ctx.services.logger.warn({ value }, "refused a game day close that names no game of this channel");
      throw new UserError("invalid_close", "That button does not match a game day running here.");
    }
    if (!ctx.isAdmin) throw new UserError("admin_only", "Only an admin of this workspace can close a game day's vote early.");
    const closing = await ctx.services.gamedays.closeNow(ctx.workspace.id, ctx.conversation, { gameId: game.id, seq: Number(match[2]) });
    return textMessage(closing ? "Closing the vote now: the result and the next step follow in the channel." : "This game day is over.");
  },
};
