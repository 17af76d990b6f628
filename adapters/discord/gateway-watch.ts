import { type Client, Events } from "discord.js";
import { PlatformUnavailableError } from "../../src/core/adapter.js";
import type { Logger } from "../../src/core/logger.js";

/** What each close discord.js does not come back from means, and what to do (Discord's gateway close codes). */
const FINAL_CLOSES: Record<number, string> = {
  4004: "Discord refused the bot token (gateway close 4004): check DISCORD_TOKEN, it may have been reset in the Developer Portal",
  4010: "Discord refused the shard the bot asked for (gateway close 4010)",
  4011: "Discord wants this bot sharded (gateway close 4011): it is in too many servers for one connection",
  4012: "Discord refused the gateway API version (gateway close 4012): update discord.js",
  4013: "Discord refused the gateway intents (gateway close 4013)",
  4014: "Discord refused a privileged intent (gateway close 4014): switch it on in the Developer Portal (Bot → Privileged Gateway Intents) or unset DISCORD_MEMBER_EVENTS",
};

/**
 * Watches the gateway for a close discord.js will not resume or reconnect after (its
 * shardDisconnect event). Interactions can no longer arrive then, so the bot must not look
 * healthy: the failure is logged in one line, readiness reports it, and listeners (main: exit
 * non-zero so the supervisor restarts or alerts) hear of it once.
 */
export class GatewayWatch {
  private failure: PlatformUnavailableError | undefined;
  private readonly listeners: ((error: PlatformUnavailableError) => void)[] = [];

  constructor(
    client: Client,
    private readonly logger: Logger,
  ) {
    client.on(Events.ShardDisconnect, (event, shardId) => this.fail(event.code, shardId));
  }

  get failed(): PlatformUnavailableError | undefined {
    return this.failure;
  }

  onFatal(listener: (error: PlatformUnavailableError) => void): void {
    this.listeners.push(listener);
    if (this.failure) listener(this.failure);
  }

  /** Rejects when the gateway fails for good (for racing the login's ready event). */
  fatal(): Promise<never> {
    return new Promise((_resolve, reject) => this.onFatal(reject));
  }

  private fail(code: number, shardId: number): void {
    if (this.failure) return;
    const reason = FINAL_CLOSES[code] ?? `Discord closed the gateway with code ${code}, which discord.js does not reconnect after`;
    this.failure = new PlatformUnavailableError("discord", `${reason}. Shard ${shardId} is down for good: no interaction reaches this bot, so it stops.`);
    this.logger.error({ platform: "discord", closeCode: code, shard: shardId }, this.failure.message);
    for (const listener of this.listeners) listener(this.failure);
  }
}
