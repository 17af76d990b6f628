import { UserError } from "../core/errors.js";
import { plainName, quoted, userText } from "../core/text.js";
import type { Services } from "../services.js";
import type { Workspace } from "../workspaces/service.js";
import type { Member } from "./service.js";

/** A platform mention: Slack `<@U123|sam>` or `<@U123>`, Discord `<@123>` or the bare id an option carries. */
const MENTION = /^<@!?([A-Za-z0-9]+)(?:\|([^>]*))?>$/;

/**
 * The refusal for a person a command named who is not a member here. Someone the platform knows
 * but who never used the bot is named as the platform names them (never as raw mention syntax);
 * anything else is echoed as typed.
 */
export async function unknownPerson(services: Services, workspace: Workspace, mention: string, why: string): Promise<UserError> {
  const name = await platformName(services, workspace, mention.trim());
  if (name === undefined) return new UserError("unknown_member", `I don't know anyone called ${quoted(userText(mention.slice(0, 40)))} here.`);
  return new UserError("unknown_member", `${name} has not used me here yet, ${why}`);
}

async function platformName(services: Services, workspace: Workspace, mention: string): Promise<string | undefined> {
  const parsed = MENTION.exec(mention);
  const id = parsed?.[1] ?? (/^\d{17,20}$/.test(mention) ? mention : undefined);
  if (id === undefined) return undefined;
  const ref = `${workspace.ref}:${id}`;
  const adapter = services.adapters.named(workspace.platform);
  const profile = await adapter?.getUser(ref).catch(() => undefined);
  const name = plainName(profile?.displayName ?? parsed?.[2] ?? "");
  return name === "" ? undefined : name;
}

/** The member a command names, or the refusal above (`why` finishes its sentence). */
export async function requireMember(services: Services, workspace: Workspace, mention: string, why: string): Promise<Member> {
  const member = await services.members.findByMention(workspace, mention);
  if (!member) throw await unknownPerson(services, workspace, mention, why);
  return member;
}
