import type { Redis } from "ioredis";
import type { Rate } from "../src/core/adapter.js";

/**
 * Generic cell rate algorithm (GCRA) reservations kept in Redis, shared by every worker.
 * `reserve` books the earliest instant at which one more send fits under every given limit
 * and returns it; callers wait until then. Booking (rather than asking) means hundreds of
 * jobs reserving at once get distinct, evenly spaced slots and never race into a 429.
 */
const RESERVE_SCRIPT = `
local now = tonumber(ARGV[1])
local n = #KEYS
local slot = now
for i = 1, n do
  local interval = tonumber(ARGV[1 + i * 2 - 1])
  local tolerance = tonumber(ARGV[1 + i * 2])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  local allowed = tat - tolerance
  if allowed > slot then slot = allowed end
end
for i = 1, n do
  local interval = tonumber(ARGV[1 + i * 2 - 1])
  local tolerance = tonumber(ARGV[1 + i * 2])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < slot then tat = slot end
  local newTat = tat + interval
  redis.call('SET', KEYS[i], newTat, 'PX', math.ceil(newTat - now + tolerance + 1000))
end
return slot
`;

export class Pacer {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /** Books one send under all `limits` (key → rate); resolves to the epoch ms it may happen. */
  async reserve(limits: { key: string; rate: Rate }[], now = Date.now()): Promise<number> {
    const keys = limits.map((l) => `${this.prefix}:pace:${l.key}`);
    const args = [String(now)];
    for (const { rate } of limits) {
      const interval = rate.perMs / rate.rate;
      args.push(String(interval), String(interval * Math.max(0, rate.burst - 1)));
    }
    const slot = await this.redis.eval(RESERVE_SCRIPT, keys.length, ...keys, ...args);
    return Number(slot);
  }
}
