import { type APIChannel, ChannelType, type REST, Routes } from "discord.js";
import { parseRef } from "../../src/core/refs.js";
import { userRef } from "./refs.js";

/**
 * A ref in words for an admin: "#general", "the private thread Mentoring: ana & li", "direct
 * messages with maria", "maria", "this server". A channel id and a person id look alike
 * (snowflakes), so a bare id is asked for as a channel first, then as a person.
 */
export async function describeTarget(rest: REST, nameOf: (user: string) => Promise<string>, ref: string): Promise<string> {
  const { workspace: guildId, local } = parseRef(ref);
  if (local === undefined) return "this server";
  const dm = /^dm\.(\d+)\.\d+$/.exec(local);
  if (dm) return `direct messages with ${await nameOf(userRef(guildId, dm[1] as string)).catch(() => "someone no longer here")}`;
  const channel = (await rest.get(Routes.channel(local)).catch(() => undefined)) as APIChannel | undefined;
  if (channel && "name" in channel && channel.name) {
    if (channel.type === ChannelType.PrivateThread || channel.type === ChannelType.PublicThread) return `the thread "${channel.name}"`;
    return `#${channel.name}`;
  }
  return nameOf(userRef(guildId, local)).catch(() => `a channel or person no longer on Discord (${local})`);
}
