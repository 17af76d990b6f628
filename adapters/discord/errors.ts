import { DiscordAPIError, RateLimitError } from "discord.js";
import { PermanentDeliveryError, RateLimitedError } from "../../src/core/adapter.js";

/** Discord's JSON error codes that retrying will not change, with the code admins see. */
const PERMANENT: Record<number, { code: string; sentence: string }> = {
  10003: { code: "unknown_channel", sentence: "The channel no longer exists (Discord 10003)." },
  10007: { code: "unknown_member", sentence: "The person is no longer in the server (Discord 10007)." },
  10008: { code: "unknown_message", sentence: "The message no longer exists (Discord 10008)." },
  10013: { code: "unknown_user", sentence: "The person no longer exists on Discord (Discord 10013)." },
  50001: { code: "missing_access", sentence: "The bot cannot see this channel (Discord 50001): give it View Channel there." },
  50007: { code: "dm_blocked", sentence: "This member does not accept direct messages from the server (Discord 50007)." },
  50013: { code: "missing_permissions", sentence: "The bot lacks a permission there, such as Send Messages or Embed Links (Discord 50013)." },
};

/**
 * Maps what @discordjs/rest throws to the core's delivery errors: a permanent refusal becomes
 * PermanentDeliveryError (recorded, never retried), a long rate-limit wait RateLimitedError.
 */
export function toDeliveryError(error: unknown): unknown {
  if (error instanceof RateLimitError) return new RateLimitedError(Math.max(error.retryAfter, error.timeToReset, 1));
  if (error instanceof DiscordAPIError) {
    const known = PERMANENT[Number(error.code)];
    if (known) return new PermanentDeliveryError(known.code, known.sentence);
    if (error.status === 401) return new PermanentDeliveryError("invalid_token", "Discord refused the bot token (401): check DISCORD_TOKEN.");
  }
  return error;
}

export async function delivering<T>(send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw toDeliveryError(error);
  }
}
