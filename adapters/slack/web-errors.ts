import { webApi } from "@slack/bolt";
import { PermanentDeliveryError, RateLimitedError } from "../../src/core/adapter.js";

/** Refusals that no retry can fix: recorded for admins, never retried. */
export const PERMANENT_SLACK_ERRORS = new Set([
  "channel_not_found",
  "not_in_channel",
  "is_archived",
  "account_inactive",
  "invalid_auth",
  "token_revoked",
  "user_not_found",
  "cannot_dm_bot",
  "user_disabled",
  "missing_scope",
  "not_authed",
  "team_not_found",
  // chat.update of a message someone deleted.
  "message_not_found",
]);

/**
 * One small retry policy for the WebClient: network blips are retried twice, quickly; anything
 * longer is the job queue's business (it owns retries and backoff).
 */
export const SLACK_RETRY_POLICY = { retries: 2, factor: 2, minTimeout: 100, maxTimeout: 1_000 };

export function slackClientOptions(slackApiUrl: string | undefined): webApi.WebClientOptions {
  return {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    retryConfig: SLACK_RETRY_POLICY,
    // A 429 throws at once with its Retry-After instead of pausing the client's whole queue.
    rejectRateLimitedCalls: true,
    timeout: 10_000,
  };
}

/** Maps a WebClient failure to the core's delivery errors; anything else passes through. */
export function mapSlackError(error: unknown): unknown {
  if (error instanceof webApi.WebAPIRateLimitedError) return new RateLimitedError(Math.max(1, error.retryAfter) * 1_000);
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    if (PERMANENT_SLACK_ERRORS.has(code)) return new PermanentDeliveryError(code, `Slack refused: ${code}`);
  }
  return error;
}

/** Runs a Web API call and rethrows its failure as the core understands it. */
export async function callSlack<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw mapSlackError(error);
  }
}
