import fc from "fast-check";
import { type Json, type Mutation, mutateFields, pathsOf, valueAt, wrongKind } from "./mutations.js";

/**
 * Signed Slack bodies for fuzzing /slack/events: a recipe (which payload, by whom, with what)
 * becomes the body Slack would send, then a mutation cuts, replaces or truncates a part of it.
 */
export const PAYLOAD_TYPES = [
  "command",
  "button",
  "select",
  "view_submission",
  "event:app_home_opened",
  "event:member_joined_channel",
  "event:user_change",
  "event:app_uninstalled",
  "event:tokens_revoked",
  "event:reaction_added",
  "url_verification",
  "ssl_check",
  "app_rate_limited",
] as const;
export type PayloadType = (typeof PAYLOAD_TYPES)[number];

export interface Recipe {
  type: PayloadType;
  user: string;
  text: string;
  actionId: string;
  value: string;
  formId: string;
  mutation: Mutation;
}

export interface World {
  team: string;
  channel: string;
  trigger(user: string): string;
  responseUrl(user: string): string;
}

export interface WireBody {
  contentType: string;
  body: string;
}

const FORM = "application/x-www-form-urlencoded";
const JSON_TYPE = "application/json";

/** The fields a payload of each type cannot do without (what Slack always sends and the app reads). */
export const REQUIRED: Record<PayloadType, string[]> = {
  command: ["command", "text", "team_id", "user_id", "channel_id", "trigger_id", "response_url"],
  button: ["type", "user", "user.id", "trigger_id", "actions", "actions.0", "actions.0.type", "actions.0.action_id"],
  select: [
    "type",
    "user",
    "user.id",
    "trigger_id",
    "actions",
    "actions.0",
    "actions.0.action_id",
    "actions.0.selected_option",
    "actions.0.selected_option.value",
  ],
  view_submission: ["type", "user", "user.id", "view", "view.callback_id", "view.state", "view.state.values"],
  "event:app_home_opened": ["event", "event.type", "event.user", "event.tab", "team_id", "event_id", "type"],
  "event:member_joined_channel": ["event", "event.type", "event.user", "event.channel", "team_id", "event_id", "type"],
  "event:user_change": ["event", "event.type", "event.user", "event.user.id", "team_id", "event_id", "type"],
  "event:app_uninstalled": ["event", "event.type", "team_id", "event_id", "type"],
  "event:tokens_revoked": ["event", "event.type", "event.tokens", "team_id", "event_id", "type"],
  "event:reaction_added": ["event", "event.type", "team_id", "event_id", "type"],
  url_verification: ["challenge"],
  ssl_check: [],
  app_rate_limited: [],
};

/** Recipes each of which no Slack sends: a required field gone or of the wrong kind, or a body that is not an object. */
export function invalidRecipe(base: fc.Arbitrary<Omit<Recipe, "mutation">>): fc.Arbitrary<Recipe> {
  return base
    .filter((recipe) => REQUIRED[recipe.type].length > 0)
    .chain((recipe) =>
      fc
        .oneof(
          fc.constantFrom(...REQUIRED[recipe.type]).map((path) => ({ kind: "drop-path" as const, path })),
          fc.constantFrom(...REQUIRED[recipe.type]).map((path) => ({ kind: "wrong-kind" as const, path })),
          fc.constantFrom(null, [], [1], 1, "str", true).map((value) => ({ kind: "whole-body" as const, value })),
        )
        .chain((broken): fc.Arbitrary<Recipe> => {
          if (broken.kind === "whole-body") return fc.constant({ ...recipe, mutation: broken });
          const paths = pathsOf(build(recipe, FAKE_WORLD).object);
          const at = paths.indexOf(broken.path);
          if (broken.kind === "drop-path" || recipe.type === "command") return fc.constant({ ...recipe, mutation: { kind: "drop" as const, at } });
          return wrongKind(valueAt(build(recipe, FAKE_WORLD).object, broken.path)).map((value) => ({
            ...recipe,
            mutation: { kind: "replace" as const, at, value },
          }));
        }),
    );
}

/** Stands in for the emulator when only the shape of a payload matters. */
const FAKE_WORLD: World = { team: "T0", channel: "C0", trigger: () => "1.2.3", responseUrl: () => "http://127.0.0.1/respond/x" };

/** The payload of a recipe, before mutation, and how it travels. */
export function build(recipe: Omit<Recipe, "mutation">, world: World): { object: Json; transport: "form" | "payload" | "json" } {
  const { team, channel } = world;
  const user = { id: recipe.user, username: recipe.user.toLowerCase(), name: recipe.user.toLowerCase(), team_id: team };
  const interactive = { team: { id: team, domain: "t" }, user, api_app_id: "AMENTOR", token: "deprecated", trigger_id: world.trigger(recipe.user) };
  const message = { type: "message", ts: "1700000000.000100", text: "", blocks: [] };
  const event = (body: Json): Json => ({
    token: "deprecated",
    team_id: team,
    api_app_id: "AMENTOR",
    type: "event_callback",
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    event: { event_ts: `${Date.now() / 1000}`, ...body },
  });
  switch (recipe.type) {
    case "command":
      return {
        transport: "form",
        object: {
          token: "deprecated",
          team_id: team,
          channel_id: channel,
          user_id: recipe.user,
          user_name: recipe.user.toLowerCase(),
          command: "/mentor",
          text: recipe.text,
          response_url: world.responseUrl(recipe.user),
          trigger_id: world.trigger(recipe.user),
        },
      };
    case "button":
    case "select": {
      const action =
        recipe.type === "button"
          ? { type: "button", action_id: recipe.actionId, block_id: "b0", value: recipe.value, text: { type: "plain_text", text: "x" } }
          : {
              type: "static_select",
              action_id: recipe.actionId,
              block_id: "b0",
              selected_option: { text: { type: "plain_text", text: "x" }, value: recipe.value },
            };
      const container = { type: "message", message_ts: message.ts, channel_id: channel, is_ephemeral: false };
      const responseUrl = world.responseUrl(recipe.user);
      return {
        transport: "payload",
        object: {
          type: "block_actions",
          ...interactive,
          container,
          channel: { id: channel, name: "general" },
          message,
          response_url: responseUrl,
          actions: [action],
        },
      };
    }
    case "view_submission": {
      const values = {
        timezone: { value: { type: "plain_text_input", value: recipe.value } },
        mood: { value: { type: "static_select", selected_option: { value: "3" } } },
      };
      const view = { id: "V1", type: "modal", team_id: team, callback_id: recipe.formId, private_metadata: JSON.stringify({ c: channel }), state: { values } };
      return { transport: "payload", object: { type: "view_submission", ...interactive, view, response_urls: [] } };
    }
    case "event:app_home_opened":
      return {
        transport: "json",
        object: event({ type: "app_home_opened", user: recipe.user, channel: `D${recipe.user}`, tab: recipe.value === "" ? "messages" : "home" }),
      };
    case "event:member_joined_channel":
      return { transport: "json", object: event({ type: "member_joined_channel", user: recipe.user, channel }) };
    case "event:user_change":
      return { transport: "json", object: event({ type: "user_change", user: { id: recipe.user, deleted: recipe.value.length % 2 === 0 } }) };
    case "event:app_uninstalled":
      return { transport: "json", object: event({ type: "app_uninstalled" }) };
    case "event:tokens_revoked":
      return { transport: "json", object: event({ type: "tokens_revoked", tokens: { oauth: [recipe.user], bot: [] } }) };
    case "event:reaction_added":
      return {
        transport: "json",
        object: event({ type: "reaction_added", user: recipe.user, reaction: "tada", item: { type: "message", channel, ts: message.ts } }),
      };
    case "url_verification":
      return { transport: "json", object: { token: "deprecated", challenge: recipe.value || "c", type: "url_verification" } };
    case "ssl_check":
      return { transport: "form", object: { ssl_check: "1", token: "deprecated" } };
    case "app_rate_limited":
      return {
        transport: "json",
        object: { token: "deprecated", type: "app_rate_limited", team_id: team, minute_rate_limited: 1518467820, api_app_id: "AMENTOR" },
      };
  }
}

/** The recipe's body on the wire: built, mutated, encoded. */
export function materialise(recipe: Recipe, world: World): WireBody {
  const { object, transport } = build(recipe, world);
  const mutation = recipe.mutation;
  mutateFields(object, mutation);
  let wire = encode(mutation.kind === "whole-body" ? mutation.value : object, mutation.kind === "whole-body" && transport === "form" ? "payload" : transport);
  if (mutation.kind === "truncate-body") wire = { ...wire, body: wire.body.slice(0, mutation.keep % Math.max(wire.body.length, 1)) };
  if (mutation.kind === "swap-content-type") wire = { ...wire, contentType: wire.contentType === FORM ? JSON_TYPE : FORM };
  return wire;
}

function encode(value: unknown, transport: "form" | "payload" | "json"): WireBody {
  if (transport === "json") return { contentType: JSON_TYPE, body: JSON.stringify(value) };
  if (transport === "payload") return { contentType: FORM, body: new URLSearchParams({ payload: JSON.stringify(value) }).toString() };
  const fields = Object.entries(value as Json).map(([key, field]) => [key, typeof field === "string" ? field : JSON.stringify(field)] as [string, string]);
  return { contentType: FORM, body: new URLSearchParams(fields).toString() };
}
