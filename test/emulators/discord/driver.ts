import type { DiscordEmulator, RecordedRequest } from "./emulator.js";
import { PRIVILEGED_INTENTS } from "./gateway.js";
import { type EmuInteraction, InteractionFactory, type RegisteredCommand } from "./interactions.js";
import { channelById } from "./lookups.js";
import { LOADING } from "./messages.js";

/** GATEWAY_INTENTS GuildMessages: message create, update and delete events in servers. */
const GUILD_MESSAGES_INTENT = 1 << 9;

import type { EmuChannel, EmuGuild, EmuMessage, EmuUser } from "./world.js";

/**
 * What tests do as people in Discord (run commands, press buttons, submit modals, leave a server)
 * and the waits for what the bot did in answer, against a running DiscordEmulator.
 */
export class DiscordDriver {
  private readonly factory: InteractionFactory;

  constructor(private readonly emulator: DiscordEmulator) {
    this.factory = new InteractionFactory(emulator.world, emulator.applicationId);
  }

  /** Someone runs a registered slash command (`path` = subcommand words, `values` = options). */
  slashCommand(user: EmuUser, channel: EmuChannel, path: string[], values: Record<string, string | number> = {}, name = "mentor"): EmuInteraction {
    const [command, words] = this.placed(name, path, channel.guildId);
    const interaction = this.factory.base(2, user, channel, this.factory.commandData(command, words, values));
    return this.dispatch(interaction);
  }

  /** Someone types into an autocomplete option. */
  autocomplete(user: EmuUser, channel: EmuChannel, path: string[], values: Record<string, string>, focused: string, name = "mentor"): EmuInteraction {
    const [command, words] = this.placed(name, path, channel.guildId);
    return this.dispatch(this.factory.base(4, user, channel, this.factory.commandData(command, words, values, focused)));
  }

  /** Someone leaves a server: gone from it, and GUILD_MEMBER_REMOVE to sessions with the GuildMembers intent. */
  removeMember(guild: EmuGuild, user: EmuUser): void {
    guild.members.delete(user.id);
    this.emulator.gateway.dispatch("GUILD_MEMBER_REMOVE", { guild_id: guild.id, user: this.emulator.world.userJson(user) }, PRIVILEGED_INTENTS.guildMembers);
  }

  /** Someone presses a button on a message: it must exist there, as on Discord. */
  press(user: EmuUser, messageId: string, label: string): EmuInteraction {
    const message = this.message(messageId);
    const channel = channelById(this.emulator.world, message.channel_id);
    return this.dispatch(this.factory.base(3, user, channel, this.factory.buttonData(message, label), message));
  }

  /** Someone picks options in a select on a message. */
  select(user: EmuUser, messageId: string, customId: string, values: string[]): EmuInteraction {
    const message = this.message(messageId);
    const channel = channelById(this.emulator.world, message.channel_id);
    return this.dispatch(this.factory.base(3, user, channel, this.factory.selectData(message, customId, values), message));
  }

  /** Someone fills the modal opened in answer to `opener` (values by input custom_id) and submits. */
  submitModal(opener: EmuInteraction, values: Record<string, string | string[]>): EmuInteraction {
    if (!opener.modal) throw new Error(`Interaction ${opener.id} opened no modal`);
    return this.dispatch(this.factory.base(5, opener.user, opener.channel, this.factory.modalSubmitData(opener.modal, values), opener.sourceMessage));
  }

  /**
   * Someone with Manage Messages deletes a message: it is gone (routes naming it answer 10008
   * Unknown Message) and MESSAGE_DELETE goes to sessions with the GuildMessages intent.
   */
  deleteMessage(messageId: string): void {
    const message = this.message(messageId);
    this.emulator.world.messages.delete(messageId);
    const event = { id: message.id, channel_id: message.channel_id, ...(message.guild_id ? { guild_id: message.guild_id } : {}) };
    this.emulator.gateway.dispatch("MESSAGE_DELETE", event, GUILD_MESSAGES_INTENT);
  }

  dispatch(interaction: EmuInteraction): EmuInteraction {
    this.emulator.track(interaction);
    this.emulator.gateway.dispatch("INTERACTION_CREATE", interaction.payload);
    return interaction;
  }

  /** Resolves when the bot has sent the interaction's first response. */
  waitForCallback(interaction: EmuInteraction, timeoutMs = 5_000): Promise<NonNullable<EmuInteraction["callback"]>> {
    return this.waitUntil(() => interaction.callback, timeoutMs, `no response to interaction ${interaction.id}`);
  }

  /** Everything the bot answered to an interaction, once its first answer is no longer "thinking…". */
  async finalResponses(interaction: EmuInteraction, timeoutMs = 5_000): Promise<EmuMessage[]> {
    await this.waitForCallback(interaction, timeoutMs);
    const settled = () => {
      const list = this.responsesTo(interaction);
      return list.length > 0 && list.every((m) => (m.flags & LOADING) === 0) ? list : undefined;
    };
    return this.waitUntil(settled, timeoutMs, "an answer");
  }

  /** Resolves with the first recorded request that matches, waiting for it if needed. */
  waitForRequest(match: (request: RecordedRequest) => boolean, timeoutMs = 5_000): Promise<RecordedRequest> {
    return this.waitUntil(() => this.emulator.requests.find(match), timeoutMs, "no matching request");
  }

  async waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`Discord emulator: ${what} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Messages in a channel (ephemeral ones included), oldest first. */
  messagesIn(channelId: string): EmuMessage[] {
    return [...this.emulator.world.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** Every message that answered an interaction (reply, edit, follow-ups), oldest first. */
  responsesTo(interaction: EmuInteraction): EmuMessage[] {
    return [...this.emulator.world.messages.values()].filter((m) => m.interactionId === interaction.id);
  }

  message(id: string): EmuMessage {
    const message = this.emulator.world.messages.get(id);
    if (!message) throw new Error(`No message ${id}`);
    return message;
  }

  /**
   * Where a person finds `/mentor <path>`: under /mentor, or, once registration moved its first
   * word out (Discord's 25 entries), as `/mentor-<word> <rest>` (adapters/discord/command-layout.ts).
   */
  private placed(name: string, path: string[], guildId: string | undefined): [RegisteredCommand, string[]] {
    const command = this.findCommand(name, guildId);
    const [first, ...rest] = path;
    if (name !== "mentor" || first === undefined || command.options?.some((o) => o.name === first)) return [command, path];
    const moved = this.emulator.commands.find((c) => c.name === `mentor-${first}` && (c.guild_id === undefined || c.guild_id === guildId));
    return moved ? [moved, rest] : [command, path];
  }

  private findCommand(name: string, guildId: string | undefined): RegisteredCommand {
    const command = this.emulator.commands.find((c) => c.name === name && (c.guild_id === undefined || c.guild_id === guildId));
    if (!command) throw new Error(`Command /${name} is not registered (globally or for this guild)`);
    return command;
  }
}
