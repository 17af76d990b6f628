import { type Client, Events, GatewayIntentBits, Partials } from "discord.js";
import { ConfigError } from "../../src/config.js";
import type { EventSink } from "../../src/core/adapter.js";
import type { Logger } from "../../src/core/logger.js";
import { userRef, workspaceRefOf } from "./refs.js";

/**
 * Leave detection (DISCORD_MEMBER_EVENTS=true). GuildMembers is a privileged intent: it must also be
 * switched on in the Developer Portal (Bot → Server Members Intent), else Discord refuses the login.
 * Members who left are rarely in discord.js's cache, so partial members must be allowed through.
 */
export const MEMBER_EVENTS = { intents: [GatewayIntentBits.GuildMembers], partials: [Partials.GuildMember] } as const;

/** Someone leaving a server (left, kicked or banned) becomes the core's memberLeft: retired from pairing, history kept. */
export function forwardMemberLeaves(client: Client, sink: EventSink, logger: Logger): void {
  client.on(Events.GuildMemberRemove, (member) => {
    if (member.user?.bot) return;
    const guildId = member.guild.id;
    sink.handle({ kind: "memberLeft", user: userRef(guildId, member.id), workspace: workspaceRefOf(guildId) }).catch((error: unknown) => {
      logger.error({ err: error, guild: guildId }, "could not retire a member who left a Discord server");
    });
  });
}

/** discord.js's refusal of an intent that is not switched on, as a sentence saying where to switch it on. */
export function explainDisallowedIntents(error: unknown): unknown {
  if (!(error instanceof Error) || !/disallowed intents/i.test(error.message)) return error;
  return new ConfigError(
    "Discord refused the Server Members Intent that DISCORD_MEMBER_EVENTS=true needs: switch it on (Developer Portal → Bot → Privileged Gateway Intents) or unset DISCORD_MEMBER_EVENTS.",
  );
}
