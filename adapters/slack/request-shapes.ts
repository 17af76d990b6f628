import { z } from "zod";
import { isRefPart } from "../../src/core/refs.js";

/**
 * The shapes of the Slack requests this app handles, checked before Bolt sees a body: Bolt
 * trusts any signed body (a JSON `null` crashes its receiver; a payload without a field the
 * listeners read throws in them, or waits out Bolt's 3 s timeout for a 404). Each schema asks
 * for what Bolt's routing and the listeners in receive.ts read, and nothing more, so that a
 * request Slack really sends is never refused. The order of the checks is Bolt's own
 * (HTTPReceiver, then helpers.getTypeAndConversation), so a body is judged as what Bolt will
 * take it for.
 */

const text = z.string();
/** Team, user and channel ids become refs ("slack:T1:U2"): they must be what a ref can hold. */
const id = z.string().refine(isRefPart, "is not a Slack id");
const filled = z.string().min(1);
/** Where answers are posted. */
const responseUrl = z.url({ protocol: /^https?$/ });

const slashCommand = z.object({
  command: z.literal("/mentor"),
  text,
  team_id: id,
  user_id: id,
  channel_id: id,
  trigger_id: filled,
  response_url: responseUrl,
  user_name: text.optional(),
});

const button = z.object({ type: z.literal("button"), action_id: text, value: text.optional() });
const staticSelect = z.object({ type: z.literal("static_select"), action_id: text, selected_option: z.object({ value: text }) });
/** Other elements are acknowledged and ignored by the listener: only their type and id are read. */
const otherElement = z.object({ type: text.refine((type) => type !== "button" && type !== "static_select"), action_id: text });

const person = z.object({ id, name: text.optional(), team_id: id.optional() });
const team = z.object({ id }).nullish();
const hasTeam = (body: { team?: { id: string } | null; user: { team_id?: string } }) => Boolean(body.team?.id || body.user.team_id);

const blockActions = z
  .object({
    type: z.literal("block_actions"),
    user: person,
    team,
    trigger_id: filled,
    actions: z.array(z.union([button, staticSelect, otherElement])).min(1),
    // Bolt reads channel.id whenever channel is not undefined: null would throw there.
    channel: z.object({ id }).optional(),
    message: z.object({ ts: filled }).nullish(),
    response_url: responseUrl.optional(),
  })
  .refine(hasTeam, "names no team");

const elementState = z.object({ value: text.nullish(), selected_option: z.object({ value: text }).nullish() });
const viewSubmission = z
  .object({
    type: z.literal("view_submission"),
    user: person,
    team,
    view: z.object({
      callback_id: text,
      private_metadata: text.optional(),
      team_id: id.optional(),
      app_installed_team_id: id.nullish(),
      state: z.object({ values: z.record(text, z.record(text, elementState)) }),
    }),
  })
  .refine((body) => hasTeam(body) || Boolean(body.view.team_id), "names no team");

/** The events the app subscribes to (manifest.yaml), each with the fields its listener reads. */
const EVENTS: Record<string, z.ZodType> = {
  app_home_opened: z.object({ user: id, tab: text }),
  member_joined_channel: z.object({ user: id, channel: id }),
  user_change: z.object({ user: z.object({ id, deleted: z.boolean().optional() }) }),
  app_uninstalled: z.object({}),
  tokens_revoked: z.object({ tokens: z.object({ bot: z.array(text).optional() }) }),
};

/**
 * Bolt reads these of every event, subscribed or not, to route it (helpers.getTypeAndConversation,
 * App.buildSource): where present, each must be what Slack sends, or Bolt throws (a 500).
 */
const anObject = z.record(z.string(), z.unknown());
const eventEnvelope = z.object({
  type: z.literal("event_callback"),
  team_id: id,
  event_id: filled,
  authorizations: z.array(z.object({ team_id: id.nullish() })).optional(),
  event: z.object({
    type: text,
    user: z.union([text, anObject]).optional(),
    channel: z.union([text, anObject]).optional(),
    item: anObject.optional(),
    subteam: anObject.optional(),
  }),
});

export type SlackBodyVerdict = { kind: "forward" } | { kind: "rate-limited" } | { kind: "refuse"; reason: string };

/** What to do with a parsed, signed body: hand it to Bolt, answer it here, or refuse it (400). */
export function judgeSlackBody(body: unknown): SlackBodyVerdict {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return refuse(`the body is ${describe(body)}, not an object`);
  const fields = body as Record<string, unknown>;
  if (fields.ssl_check === "1") return { kind: "forward" };
  if (fields.type === "url_verification") return check(z.object({ challenge: filled }), body);
  if (fields.event !== undefined) {
    const envelope = eventEnvelope.safeParse(body);
    if (!envelope.success) return refuse(`event envelope: ${summary(envelope.error)}`);
    const schema = EVENTS[envelope.data.event.type];
    // An event the app did not subscribe to finds no listener: Bolt acknowledges it, and that is all.
    return schema ? check(schema, fields.event, `${envelope.data.event.type} event`) : { kind: "forward" };
  }
  if (fields.command !== undefined) return check(slashCommand, body, "slash command");
  if (fields.type === "app_rate_limited") return { kind: "rate-limited" };
  if (fields.name !== undefined || fields.type === "block_suggestion") return refuse("the app offers no external select options");
  if (fields.actions !== undefined || fields.type === "dialog_submission") return check(blockActions, body, "block_actions");
  if (fields.type === "view_submission") return check(viewSubmission, body, "view_submission");
  return refuse(`no listener takes a payload of type ${describe(fields.type)}`);
}

function check(schema: z.ZodType, value: unknown, what = "body"): SlackBodyVerdict {
  const parsed = schema.safeParse(value);
  return parsed.success ? { kind: "forward" } : refuse(`${what}: ${summary(parsed.error)}`);
}

function refuse(reason: string): SlackBodyVerdict {
  return { kind: "refuse", reason };
}

function summary(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "(top)"} ${issue.message}` : "invalid";
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value;
}
