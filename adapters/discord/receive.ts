import {
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  DiscordAPIError,
  type GuildMember,
  type Interaction,
  MessageFlags,
  type ModalSubmitInteraction,
  PermissionFlagsBits,
  type StringSelectMenuInteraction,
} from "discord.js";
import type { EventSink, InteractionDescription } from "../../src/core/adapter.js";
import type { AdapterPorts } from "../../src/core/adapter-ports.js";
import type { CommandDefinitionSummary } from "../../src/core/commands.js";
import type { Actor, FormSubmitEvent, IncomingEvent } from "../../src/core/events.js";
import { textMessage } from "../../src/core/message.js";
import type { ConversationRef } from "../../src/core/refs.js";
import { suggestionsFor } from "./autocomplete.js";
import { findSummary, isMentorCommand, type ReceivedOption, receivedCommand } from "./commands.js";
import { blockedDmNotice } from "./dm-notice.js";
import { RecentIds } from "./recent-ids.js";
import { channelRef, dmRef, guildFromLink, guildLink, PLATFORM, userRef, workspaceRefOf } from "./refs.js";
import { type RenderOptions, readFormValues, unpackAction, unpackForm } from "./render.js";
import { type AnswerableInteraction, InteractionResponder } from "./responder.js";
import { type DiscordHandOff, NOT_TAKEN, WebhookResponder } from "./resume.js";

/** Discord's answer to a second response to one interaction. */
const ALREADY_ACKNOWLEDGED = 40060;
/** An interaction can be answered for 15 minutes; a replay after that could not be answered anyway. */
const INTERACTION_TOKEN_MS = 15 * 60_000;

export interface ReceiverDeps {
  sink: EventSink;
  ports: Pick<AdapterPorts, "commands" | "catalogs" | "refusedSends" | "logger">;
  /** A role (id or name) whose holders administer the bot, besides Manage Server. */
  adminRole?: string;
  /** The first wait before a webhook answer is sent again after a 5xx (patience.ts). */
  firstRetryMs?: number;
}

/**
 * Turns Discord interactions into core events: a slash command into a command with its typed
 * options, a button or select into an action, a modal submit into a form submit.
 */
export class InteractionReceiver {
  private inFlight = 0;
  private readonly seen = new RecentIds(INTERACTION_TOKEN_MS);

  constructor(private readonly deps: ReceiverDeps) {}

  /** With this many interactions already being handled, new ones are deferred at once. */
  static readonly BUSY_AT = 32;

  /** An interaction's responder: deferred at once when the process is busy, retrying its webhook steps as configured. */
  private responder(interaction: AnswerableInteraction, deferPrivately: boolean, renderOptions: RenderOptions): InteractionResponder {
    const busy = this.inFlight >= InteractionReceiver.BUSY_AT;
    return new InteractionResponder(interaction, deferPrivately, renderOptions, busy, this.deps.firstRetryMs);
  }

  private get summaries(): readonly CommandDefinitionSummary[] {
    return this.deps.ports.commands();
  }

  async handle(interaction: Interaction): Promise<void> {
    // A gateway resume can replay an interaction to the session that had it: Discord took its one
    // answer the first time, so a repeat is left alone (the core's delivery claim covers other processes).
    if (!this.seen.first(interaction.id)) {
      this.deps.ports.logger.debug({ interaction: interaction.id }, "a Discord interaction delivered again; answered the first time");
      return;
    }
    this.inFlight++;
    try {
      if (interaction.isAutocomplete()) return await this.autocomplete(interaction);
      if (interaction.isChatInputCommand() && isMentorCommand(interaction.commandName)) return await this.command(interaction);
      if (interaction.isButton() || interaction.isStringSelectMenu()) return await this.component(interaction);
      if (interaction.isModalSubmit()) return await this.modal(interaction);
    } catch (error) {
      // Answered already (a replay that reached another process first): expected, not a fault.
      if (error instanceof DiscordAPIError && error.code === ALREADY_ACKNOWLEDGED) {
        this.deps.ports.logger.info({ interaction: interaction.id }, "a Discord interaction was answered already (40060)");
      } else {
        this.deps.ports.logger.error({ err: error, interaction: interaction.id }, "could not handle a Discord interaction");
      }
    } finally {
      this.inFlight--;
    }
  }

  private async command(interaction: ChatInputCommandInteraction): Promise<void> {
    if (!interaction.guildId) {
      await interaction.reply({ content: "Use /mentor in a server: lessons and progress belong to a server.", flags: MessageFlags.Ephemeral });
      return;
    }
    if (await this.refuseForeignServer(interaction, interaction.guildId)) return;
    const received = receivedCommand(interaction.options.data as readonly ReceivedOption[], this.summaries, interaction.commandName);
    const described = this.deps.sink.describe({ kind: "command", ...received });
    const actor = this.actor(interaction, interaction.guildId);
    if (this.handsOff(() => described)) {
      await this.handOff(interaction, interaction.guildId, actor, described.privateAnswer, { kind: "command", ...received });
      return;
    }
    const respond = this.responder(interaction, described.privateAnswer, this.renderOptions());
    // Looked up while the command runs; shown after its answer.
    const notice = blockedDmNotice(this.deps.ports.refusedSends, interaction.guildId, interaction.user.id).catch((error: unknown) => {
      this.deps.ports.logger.warn({ err: error }, "could not check for blocked DMs");
      return undefined;
    });
    await this.dispatch(
      { kind: "command", ...received, actor, conversation: channelRef(interaction.guildId, interaction.channelId), respond, deliveryId: interaction.id },
      respond,
    );
    const missed = await notice;
    if (missed && respond.canFollowUp) await respond.reply(missed, { private: true });
  }

  private async component(interaction: ButtonInteraction | StringSelectMenuInteraction): Promise<void> {
    const guildId = interaction.guildId ?? guildFromLink(interaction.message.embeds[0]?.url);
    if (!guildId) {
      await interaction.reply({ content: "I can't tell which server this button belongs to. Use /mentor in the server.", flags: MessageFlags.Ephemeral });
      return;
    }
    if (await this.refuseForeignServer(interaction, guildId)) return;
    const { actionId, value } = unpackAction(interaction.customId);
    const chosen = interaction.isStringSelectMenu() ? (interaction.values[0] ?? "") : value;
    const actor = this.actor(interaction, guildId);
    if (this.handsOff(() => this.deps.sink.describe({ kind: "action", actionId, value: chosen }))) {
      await this.handOff(interaction, guildId, actor, true, { kind: "action", actionId, value: chosen, sourceMessageId: interaction.message.id });
      return;
    }
    const conversation = this.conversation(guildId, interaction);
    const respond = this.responder(interaction, true, this.renderOptions(interaction.guildId ? undefined : guildId));
    const source = { conversation, id: interaction.message.id };
    await this.dispatch({ kind: "action", actionId, value: chosen, source, actor, conversation, respond, deliveryId: interaction.id }, respond);
  }

  private async modal(interaction: ModalSubmitInteraction): Promise<void> {
    const guildId = interaction.guildId ?? guildFromLink(interaction.message?.embeds[0]?.url);
    if (!guildId) {
      await interaction.reply({ content: "I can't tell which server this form belongs to. Use /mentor in the server.", flags: MessageFlags.Ephemeral });
      return;
    }
    if (await this.refuseForeignServer(interaction, guildId)) return;
    const respond = this.responder(interaction, true, this.renderOptions());
    const { formId, metadata } = unpackForm(interaction.customId);
    const submitted = [...interaction.fields.fields.values()].map((field) => ({
      customId: field.customId,
      value: "value" in field ? (field.value as string) : undefined,
      values: "values" in field ? (field.values as readonly string[]) : undefined,
    }));
    const { values, problems } = readFormValues(submitted);
    if (Object.keys(problems).length > 0) {
      await respond.reply(formProblems(problems), { private: true });
      await respond.finish();
      return;
    }
    const conversation = this.conversation(guildId, interaction);
    const event: FormSubmitEvent = {
      kind: "formSubmit",
      formId,
      values,
      actor: this.actor(interaction, guildId),
      conversation,
      respond,
      deliveryId: interaction.id,
    };
    if (metadata !== undefined) event.metadata = metadata;
    await this.finishing(respond, async () => {
      // Discord shows no problems inside a modal: they come as a private list of what to fix.
      const outcome = await this.deps.sink.submitForm(event);
      if (outcome.kind === "invalid") await respond.reply(formProblems(outcome.fieldErrors), { private: true });
    });
  }

  private async autocomplete(interaction: AutocompleteInteraction): Promise<void> {
    const focused = interaction.options.getFocused(true);
    const path = [interaction.options.getSubcommandGroup(false), interaction.options.getSubcommand(false)].filter((p): p is string => Boolean(p));
    const spec = findSummary(interaction.commandName, path, this.summaries)?.args.find((a) => a.name.toLowerCase() === focused.name);
    await interaction.respond(suggestionsFor(spec, String(focused.value), this.deps.ports.catalogs));
  }

  /**
   * The app's commands can reach a server the bot is not in (installed for users, or the bot was
   * removed). Nothing is kept for such a server: the interaction is refused before the core sees it.
   * The Guilds intent keeps every server the bot is in in the cache, so the cache is the list.
   */
  private async refuseForeignServer(interaction: AnswerableInteraction, guildId: string): Promise<boolean> {
    if (interaction.client.guilds.cache.has(guildId)) return false;
    await interaction.reply({
      content: "I'm not in this server, so I keep no lessons or progress here. An admin can invite me first.",
      flags: MessageFlags.Ephemeral,
    });
    return true;
  }

  /** Runs the core on the event, then finishes the interaction. */
  private dispatch(event: Exclude<IncomingEvent, FormSubmitEvent>, respond: InteractionResponder): Promise<void> {
    return this.finishing(respond, () => this.deps.sink.handle(event));
  }

  /** Runs `run`, then finishes the interaction however it ended: one nobody answered gets a quiet acknowledgement. */
  private async finishing(respond: InteractionResponder, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } finally {
      await respond.finish().catch((error: unknown) => this.deps.ports.logger.warn({ err: error }, "could not finish a Discord interaction"));
    }
  }

  /** Whether a worker finishes this interaction: only where workers run in other processes, and never one that may open a form. */
  private handsOff(described: () => InteractionDescription): boolean {
    return this.deps.sink.handOff !== undefined && !described().opensForm;
  }

  /**
   * Acknowledges at once with a deferred reply, then hands the interaction to a worker, which
   * answers through the interaction's webhook (resume.ts). The deferral is the one the inline
   * path makes when busy, so people see the same: private answers ephemeral, a button's message
   * edited in place. A deferral Discord refuses (too late, or a replay of an interaction already
   * acknowledged) throws here, and nothing is handed off.
   */
  private async handOff(
    interaction: ChatInputCommandInteraction | ButtonInteraction | StringSelectMenuInteraction,
    guildId: string,
    actor: Actor,
    deferPrivately: boolean,
    request: DiscordHandOff["request"],
  ): Promise<void> {
    await interaction.deferReply(deferPrivately ? { flags: MessageFlags.Ephemeral } : {});
    const handOff: DiscordHandOff = {
      applicationId: interaction.applicationId,
      interactionId: interaction.id,
      token: interaction.token,
      guildId,
      channelId: interaction.channelId as string,
      inDm: !interaction.guildId,
      userId: interaction.user.id,
      displayName: actor.displayName,
      admin: actor.platformAdmin,
      privateAnswer: deferPrivately,
      request,
    };
    try {
      await this.deps.sink.handOff?.(PLATFORM, interaction.id, handOff);
    } catch (error) {
      this.deps.ports.logger.error({ err: error, interaction: interaction.id }, "could not hand a Discord interaction off");
      const { rest } = interaction.client;
      const respond = new WebhookResponder({ webhooks: rest, bot: rest }, handOff, deferPrivately, this.renderOptions(), undefined, this.deps.firstRetryMs);
      await respond.reply(NOT_TAKEN, { private: true });
      await respond.finish();
    }
  }

  /** Answers show command lines as Discord lays them out; in a DM, their embeds link to `dmGuildId`. */
  private renderOptions(dmGuildId?: string): RenderOptions {
    const commands = this.summaries;
    return dmGuildId ? { serverLink: guildLink(dmGuildId), commands } : { commands };
  }

  private conversation(guildId: string, interaction: AnswerableInteraction): ConversationRef {
    return interaction.guildId ? channelRef(guildId, interaction.channelId as string) : dmRef(guildId, interaction.user.id, interaction.channelId as string);
  }

  private actor(interaction: AnswerableInteraction, guildId: string): Actor {
    const member = interaction.member;
    const nick = member && "nick" in member ? member.nick : null;
    return {
      user: userRef(guildId, interaction.user.id),
      workspace: workspaceRefOf(guildId),
      displayName: nick || interaction.user.globalName || interaction.user.username,
      platformAdmin: this.isAdmin(interaction),
    };
  }

  /** Manage Server (Administrator implies it), or the configured admin role by id or name. */
  private isAdmin(interaction: AnswerableInteraction): boolean {
    if (interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) return true;
    const role = this.deps.adminRole;
    const member = interaction.member;
    if (!role || !member) return false;
    const roleIds = Array.isArray(member.roles) ? (member.roles as string[]) : [...(member as GuildMember).roles.cache.keys()];
    if (roleIds.includes(role)) return true;
    const named = interaction.guild?.roles.cache.find((r) => r.name === role);
    return named !== undefined && roleIds.includes(named.id);
  }
}

function formProblems(problems: Record<string, string>): ReturnType<typeof textMessage> {
  const lines = Object.values(problems).map((p) => `• ${p}`);
  return textMessage(`Nothing was saved. Please fix:\n${lines.join("\n")}\nThen open the form again with the same command.`);
}
