import { ApiError } from "./api-error.js";
import type { EmuChannel, EmuGuild, EmuMessage, EmuUser, World } from "./world.js";

/** Lookups the REST routes share: an id Discord does not know is its 404 with the matching code. */
export function userById(world: World, id: string): EmuUser {
  const user = world.users.get(id);
  if (!user) throw new ApiError(404, 10013, "Unknown User");
  return user;
}

export function guildById(world: World, id: string): EmuGuild {
  const guild = world.guilds.get(id);
  if (!guild) throw new ApiError(404, 10004, "Unknown Guild");
  return guild;
}

export function channelById(world: World, id: string): EmuChannel {
  const channel = world.channels.get(id);
  if (!channel) throw new ApiError(404, 10003, "Unknown Channel");
  return channel;
}

/** A message addressed through its channel: the channel must exist and hold it. */
export function messageInChannel(world: World, channelId: string, messageId: string): EmuMessage {
  channelById(world, channelId);
  const message = world.messages.get(messageId);
  if (!message || message.channel_id !== channelId) throw new ApiError(404, 10008, "Unknown Message");
  return message;
}
