import type { Client } from "discord.js";
import { z } from "zod";
import type { Logger } from "../../src/core/logger.js";

/**
 * The shape of the INTERACTION_CREATE payloads this bot handles, checked before discord.js
 * builds an interaction from one. discord.js trusts the gateway: a payload without `user` or
 * `member`, without `data`, or with a channel that is not an object throws while the
 * interaction is being built, inside the gateway's message handler, as an unhandled rejection.
 * Each schema asks for what discord.js's constructors and receive.ts read, and nothing more.
 */
const snowflake = z.string().regex(/^\d{1,20}$/);
const bitfield = z.string().regex(/^\d{1,30}$/);
const user = z.object({ id: snowflake, username: z.string(), global_name: z.string().nullish() });
const member = z.object({ user, roles: z.array(snowflake), permissions: bitfield.optional(), nick: z.string().nullish() });

type Option = { name: string; type: number; value?: string | number | boolean; focused?: boolean; options?: Option[] };
const option: z.ZodType<Option> = z.lazy(() =>
  z.object({
    name: z.string(),
    type: z.number().int(),
    value: z.union([z.string(), z.number(), z.boolean()]).optional(),
    focused: z.boolean().optional(),
    options: z.array(option).optional(),
  }),
);

type Field = { type: number; custom_id?: string; value?: string; values?: string[]; components?: Field[]; component?: Field };
const modalField: z.ZodType<Field> = z.lazy(() =>
  z.object({
    type: z.number().int(),
    custom_id: z.string().optional(),
    value: z.string().optional(),
    values: z.array(z.string()).optional(),
    components: z.array(modalField).optional(),
    component: modalField.optional(),
  }),
);

const message = z.object({ id: snowflake, channel_id: snowflake, embeds: z.array(z.object({ url: z.string().optional() })) });

const common = {
  id: snowflake,
  application_id: snowflake,
  token: z.string().min(1),
  channel_id: snowflake,
  channel: z.object({ id: snowflake, type: z.number().int() }).optional(),
  guild_id: snowflake.optional(),
  user: user.optional(),
  member: member.optional(),
  app_permissions: bitfield.optional(),
  entitlements: z.array(z.object({ id: snowflake })),
};

const command = z.object({
  ...common,
  type: z.literal([2, 4]),
  data: z.object({ id: snowflake, name: z.string(), type: z.number().int(), options: z.array(option).optional() }),
});
const component = z.object({
  ...common,
  type: z.literal(3),
  data: z.object({ custom_id: z.string(), component_type: z.number().int(), values: z.array(z.string()).optional() }),
  message,
});
const modal = z.object({
  ...common,
  type: z.literal(5),
  data: z.object({ custom_id: z.string(), components: z.array(modalField) }),
  message: message.optional(),
});

const interaction = z
  .discriminatedUnion("type", [command, component, modal])
  .refine((payload) => payload.user !== undefined || payload.member !== undefined, "names no user")
  // discord.js's getFocused() throws for an autocomplete without the option being typed in.
  .refine((payload) => payload.type !== 4 || hasFocused(payload.data.options ?? []), "autocomplete names no focused option");

const SUBCOMMAND = 1;
const SUBCOMMAND_GROUP = 2;

/** Looked for as discord.js looks (CommandInteractionOptionResolver): among the options below a first group, then a first subcommand. */
function hasFocused(options: readonly Option[]): boolean {
  let level = options;
  if (level[0]?.type === SUBCOMMAND_GROUP) level = level[0].options ?? [];
  if (level[0]?.type === SUBCOMMAND) level = level[0].options ?? [];
  return level.some((option) => option.focused === true);
}

/** Why Discord's payload is in no shape this bot handles, or undefined when it is. */
export function interactionProblem(payload: unknown): string | undefined {
  const parsed = interaction.safeParse(payload);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.join(".") || "(top)"} ${issue.message}` : "invalid";
}

/** discord.js's own seam: the gateway's INTERACTION_CREATE handler calls `actions.InteractionCreate.handle(payload)`. */
interface InteractionAction {
  handle(payload: unknown): void;
}

/**
 * Puts the shape check in front of discord.js's interaction handling. A payload that fails it
 * is dropped with a warning: Discord sends no such thing, so there is no person waiting for an
 * answer. Should discord.js still throw on one that passed, that is caught here as well, so a
 * payload cannot end the process from inside the gateway handler.
 */
export function guardInteractionPayloads(client: Client, logger: Logger): void {
  const action = (client as unknown as { actions: { InteractionCreate: InteractionAction } }).actions.InteractionCreate;
  const handle = action.handle.bind(action);
  action.handle = (payload: unknown) => {
    const problem = interactionProblem(payload);
    if (problem) {
      logger.warn({ problem, interaction: idOf(payload) }, "Discord sent an interaction in no shape this bot handles; dropped");
      return;
    }
    try {
      handle(payload);
    } catch (error) {
      logger.warn({ err: error, interaction: idOf(payload) }, "Discord sent an interaction discord.js could not read; dropped");
    }
  };
}

function idOf(payload: unknown): unknown {
  return typeof payload === "object" && payload !== null ? (payload as { id?: unknown }).id : undefined;
}
