// Stage 3: a per-key rate limit kept in PostgreSQL, so every instance of the service shares it.
import { HttpError } from "../1-run/http.js";

/**
 * GCRA, the generic cell rate algorithm: a token bucket (at most `burst` requests at once, then
 * `perSecond`) stored as one timestamp per key, the theoretical arrival time (TAT). Each allowed
 * request moves the TAT one interval (1 / perSecond) later; a request is allowed while the TAT,
 * moved, stays within `burst` intervals of now. The UPDATE locks the key's row, so two instances
 * counting the same key at once queue instead of both spending the last token.
 * @param {import("pg").Pool} pool
 * @param {string} keyId
 * @param {{ burst: number, perSecond: number }} limit
 */
export async function spendToken(pool, keyId, { burst, perSecond }) {
  const interval = 1 / perSecond;
  const allowed = await pool.query(
    `UPDATE api_keys SET rate_tat = greatest(rate_tat, now()) + make_interval(secs => $2::float8)
      WHERE id = $1 AND greatest(rate_tat, now()) + make_interval(secs => $2::float8) <= now() + make_interval(secs => $2::float8 * $3::int)`,
    [keyId, interval, burst],
  );
  if (allowed.rowCount === 1) return;
  // Refused: a token is back when the TAT is within burst - 1 intervals of now.
  const { rows } = await pool.query("SELECT extract(epoch FROM rate_tat - now()) - $2::float8 * ($3::int - 1) AS wait FROM api_keys WHERE id = $1", [
    keyId,
    interval,
    burst,
  ]);
  const retryAfter = Math.max(1, Math.ceil(Number(rows[0]?.wait ?? 1)));
  throw new HttpError(429, `rate limit: ${burst} requests at once, then ${perSecond} a second; retry in ${retryAfter} s`, {
    "retry-after": String(retryAfter),
  });
}
