import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/** Slack signs the time of each request; a request more than this far from our clock, either way, is refused. */
export const SIGNATURE_WINDOW_S = 5 * 60;

/** Slack's v0 signature: "v0=" and the hex HMAC-SHA256 of "v0:<timestamp>:<body>" under the signing secret. */
const V0_SIGNATURE = /^v0=([0-9a-f]{64})$/;

/**
 * Why a request is not Slack's, or undefined when its signature holds and its time is within the
 * window (https://docs.slack.dev/authentication/verifying-requests-from-slack). The comparison is
 * Node's constant-time one over the 32 digest bytes: Bolt's verifySlackRequest compares the hex
 * strings with tsscmp, which hashes both again with a fresh random key, a third of the check's cost.
 */
export function slackSignatureProblem(signingSecret: string, headers: IncomingHttpHeaders, body: Buffer, nowMs: number): string | undefined {
  const signature = headers["x-slack-signature"];
  const stamp = headers["x-slack-request-timestamp"];
  if (typeof signature !== "string" || typeof stamp !== "string") return "signature headers missing";
  const timestamp = Number(stamp);
  if (!Number.isInteger(timestamp)) return "timestamp is not a number";
  if (Math.abs(nowMs / 1000 - timestamp) > SIGNATURE_WINDOW_S) return "timestamp more than 5 minutes from now";
  const given = V0_SIGNATURE.exec(signature)?.[1];
  if (!given) return "not a v0 signature";
  const expected = createHmac("sha256", signingSecret).update(`v0:${stamp}:`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(given, "hex")) ? undefined : "signature mismatch";
}
