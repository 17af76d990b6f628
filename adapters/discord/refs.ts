import { type ConversationRef, makeRef, parseRef, type UserRef } from "../../src/core/refs.js";

/**
 * Discord refs. The workspace is the server (guild). A DM has no server of its own, so its ref
 * names the server it was opened for and carries both the person and the DM channel:
 *   channel  discord:<guild>:<channel>
 *   DM       discord:<guild>:dm.<user>.<channel>
 *   user     discord:<guild>:<user>
 */
export const PLATFORM = "discord";

export const channelRef = (guildId: string, channelId: string): ConversationRef => makeRef(PLATFORM, guildId, channelId);
export const dmRef = (guildId: string, userId: string, channelId: string): ConversationRef => makeRef(PLATFORM, guildId, `dm.${userId}.${channelId}`);
export const userRef = (guildId: string, userId: string): UserRef => makeRef(PLATFORM, guildId, userId);
export const workspaceRefOf = (guildId: string): string => makeRef(PLATFORM, guildId);

export interface DiscordTarget {
  guildId: string;
  channelId: string;
  /** Set for a DM: the person it goes to. */
  dmUserId?: string;
}

export function parseConversation(ref: ConversationRef): DiscordTarget {
  const { platform, workspace, local } = parseRef(ref);
  if (platform !== PLATFORM || !local) throw new Error(`Not a Discord conversation ref: ${ref}`);
  const dm = /^dm\.(\d+)\.(\d+)$/.exec(local);
  if (dm) return { guildId: workspace, dmUserId: dm[1] as string, channelId: dm[2] as string };
  return { guildId: workspace, channelId: local };
}

export function parseUser(ref: UserRef): { guildId: string; userId: string } {
  const { platform, workspace, local } = parseRef(ref);
  if (platform !== PLATFORM || !local || !/^\d+$/.test(local)) throw new Error(`Not a Discord user ref: ${ref}`);
  return { guildId: workspace, userId: local };
}

/** The prefix every DM ref to this person in this server starts with. */
export const dmRefPrefix = (guildId: string, userId: string): string => `${PLATFORM}:${guildId}:dm.${userId}.`;

/** A link to the server: set on DM embeds so a button pressed in a DM is traced to its server. */
export const guildLink = (guildId: string): string => `https://discord.com/channels/${guildId}`;
export const guildFromLink = (url: string | null | undefined): string | undefined => /^https:\/\/discord\.com\/channels\/(\d+)$/.exec(url ?? "")?.[1];
