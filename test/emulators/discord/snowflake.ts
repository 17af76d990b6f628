const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A Discord-shaped id (17-19 digits): @discordjs/rest only buckets routes by ids of that shape. */
export function snowflake(): string {
  increment = (increment + 1n) % 4096n;
  return String(((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment);
}
