import { snowflake } from "./snowflake.js";
import type { EmuChannel, EmuGuild, EmuMessage, EmuUser, World } from "./world.js";

type Json = Record<string, unknown>;

/** A dispatched interaction and what the bot has answered so far. */
export interface EmuInteraction {
  id: string;
  token: string;
  type: 2 | 3 | 4 | 5;
  user: EmuUser;
  guild?: EmuGuild;
  channel: EmuChannel;
  dispatchedAt: number;
  /** performance.now() at dispatch, for latency figures. */
  dispatchedPerf: number;
  /** The first callback: its type and when it arrived. */
  callback?: { type: number; at: number; perf: number; body: Json };
  /** The message the response created (type 4/5) or the component's message (type 7). */
  originalMessageId?: string;
  /** The modal opened in answer (type 9), for submitModal. */
  modal?: Json;
  /** The component's message, for button and select interactions. */
  sourceMessage?: EmuMessage;
  payload: Json;
}

export interface RegisteredCommand {
  id: string;
  application_id: string;
  guild_id?: string;
  name: string;
  description: string;
  type: number;
  options?: Json[];
  [key: string]: unknown;
}

/** Builds INTERACTION_CREATE payloads the way Discord shapes them. */
export class InteractionFactory {
  constructor(
    private readonly world: World,
    private readonly applicationId: string,
  ) {}

  base(type: EmuInteraction["type"], user: EmuUser, channel: EmuChannel, data: Json, message?: EmuMessage): EmuInteraction {
    const id = snowflake();
    const token = `itok_${id}_${Math.random().toString(36).slice(2)}`;
    const guild = channel.guildId ? this.world.guilds.get(channel.guildId) : undefined;
    const payload: Json = {
      id,
      application_id: this.applicationId,
      type,
      data,
      token,
      version: 1,
      locale: "en-US",
      app_permissions: "2147483647",
      entitlements: [],
      channel_id: channel.id,
      channel: this.world.channelJson(channel),
      ...(message ? { message: this.world.messageJson(message) } : {}),
    };
    if (guild) {
      const member = guild.members.get(user.id);
      if (!member) throw new Error(`${user.username} is not a member of ${guild.name}`);
      Object.assign(payload, {
        guild_id: guild.id,
        guild: { id: guild.id, locale: "en-US", features: [] },
        guild_locale: "en-US",
        member: this.world.memberJson(guild, member),
        context: 0,
        authorizing_integration_owners: { "0": guild.id },
      });
    } else {
      Object.assign(payload, { user: this.world.userJson(user), context: 1, authorizing_integration_owners: { "0": guild ?? "" } });
    }
    const interaction: EmuInteraction = { id, token, type, user, channel, dispatchedAt: Date.now(), dispatchedPerf: performance.now(), payload };
    if (guild) interaction.guild = guild;
    if (message) interaction.sourceMessage = message;
    return interaction;
  }

  /**
   * `/mentor lessons here time:09:30` as Discord sends it: the subcommand path nested as
   * group → subcommand options, each value typed as the registered option says.
   */
  commandData(command: RegisteredCommand, path: string[], values: Record<string, string | number>, focused?: string): Json {
    let level: Json[] | undefined = command.options;
    const root: Json = { id: command.id, name: command.name, type: 1, options: [] as Json[] };
    let holder = root;
    for (const word of path) {
      const option = level?.find((o) => o.name === word && (o.type === 1 || o.type === 2));
      if (!option) throw new Error(`/${command.name} has no subcommand "${word}"`);
      const nested: Json = { name: word, type: option.type, options: [] as Json[] };
      (holder.options as Json[]).push(nested);
      holder = nested;
      level = option.options as Json[] | undefined;
    }
    // A person can only pick a whole subcommand: Discord's client sends none that stops at a group.
    const below = (level ?? []).filter((o) => o.type === 1 || o.type === 2).map((o) => String(o.name));
    if (below.length > 0) throw new Error(`/${[command.name, ...path].join(" ")} is not a whole command: Discord sends one of ${below.join(", ")}`);
    for (const [name, value] of Object.entries(values)) {
      const option = level?.find((o) => o.name === name);
      if (!option) throw new Error(`/${command.name} ${path.join(" ")} has no option "${name}"`);
      // Discord asks the app for suggestions only for options registered with autocomplete.
      if (focused === name && option.autocomplete !== true) throw new Error(`/${command.name} ${path.join(" ")} ${name} is not an autocomplete option`);
      (holder.options as Json[]).push({ name, type: option.type, value, ...(focused === name ? { focused: true } : {}) });
    }
    return root;
  }

  /** A button press on a message: the button must be there, as on Discord. */
  buttonData(message: EmuMessage, label: string): Json {
    const button = components(message).find((c) => c.type === 2 && c.label === label);
    if (!button) throw new Error(`Message ${message.id} has no button "${label}"`);
    return { custom_id: button.custom_id, component_type: 2 };
  }

  /** Options picked in a select on a message. */
  selectData(message: EmuMessage, customId: string, values: string[]): Json {
    if (!components(message).some((c) => c.type === 3 && c.custom_id === customId)) throw new Error(`Message ${message.id} has no select "${customId}"`);
    return { custom_id: customId, component_type: 3, values };
  }

  /** A submitted modal: given values by input custom_id; fields left alone keep what the modal opened with, as on Discord. */
  modalSubmitData(modal: Json, values: Record<string, string | string[]>): Json {
    const answers = (modal.components as Json[]).map((component) => {
      const input = (component.type === 18 ? component.component : (component.components as Json[])[0]) as Json;
      const customId = String(input.custom_id);
      const prefilled = input.type === 3 ? ((input.options as Json[]) ?? []).filter((o) => o.default).map((o) => String(o.value)) : String(input.value ?? "");
      const value = values[customId] ?? prefilled;
      const answered = input.type === 3 ? { type: 3, custom_id: customId, values: [value].flat() } : { type: 4, custom_id: customId, value };
      return component.type === 18 ? { type: 18, id: component.id ?? 0, component: answered } : { type: 1, components: [answered] };
    });
    return { custom_id: modal.custom_id, components: answers };
  }
}

function components(message: EmuMessage): Json[] {
  return message.components.flatMap((row) => row.components as Json[]);
}
