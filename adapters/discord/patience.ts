import { setTimeout as sleep } from "node:timers/promises";
import { DiscordAPIError, HTTPError, RateLimitError, type REST, RESTEvents, SnowflakeUtil } from "discord.js";

/** Discord takes an interaction's first response within 3 s of its creation. */
export const CALLBACK_WINDOW_MS = 3_000;
/** The interaction's token, and so its webhook, works for 15 minutes. */
export const TOKEN_LIFETIME_MS = 15 * 60_000;
/** Margin for the request itself to travel. */
const IN_FLIGHT_MS = 150;
/** The first wait before a webhook answer is sent again after a 5xx, unless DISCORD_WEBHOOK_RETRY_MS says otherwise. */
const FIRST_BACKOFF_MS = 1_000;
const MAX_BACKOFF_MS = 60_000;

/** An interaction's callback: its rate limits are waited out here, against the 3 s window, not by @discordjs/rest. */
export const isInteractionCallback = (url: string): boolean => /\/interactions\/\d+\/[^/]+\/callback/.test(url);

/**
 * The exact wait of the last 429 on each interaction's callback, by interaction id. @discordjs/rest
 * only keeps Retry-After, in whole seconds (1.5 s reads as 2 s, 2.2 s as 3 s), which would waste
 * the window; X-RateLimit-Reset-After has the milliseconds.
 */
const exactWaits = new Map<string, number>();

/** Listens to `rest`'s responses for 429s on interaction callbacks and keeps their exact wait. */
export function watchCallbackLimits(rest: REST): void {
  rest.on(RESTEvents.Response, (request, response) => {
    const id = /^\/interactions\/(\d+)\/[^/]+\/callback/.exec(request.path)?.[1];
    const resetAfter = Number(response.headers.get("x-ratelimit-reset-after"));
    if (id && response.status === 429 && resetAfter > 0) exactWaits.set(id, resetAfter * 1000);
  });
}

/** When an interaction was created, from its id (a snowflake carries its time). */
export const createdAt = (interactionId: string): number => Number(SnowflakeUtil.timestampFrom(interactionId));

/**
 * A first response: a 429 is waited out when its wait still ends inside the 3 s window (a
 * 2.5 s retry_after early on is fine); one that cannot fit is given up at once.
 */
export async function withinCallbackWindow<T>(interactionId: string, respond: () => Promise<T>): Promise<T> {
  const deadline = createdAt(interactionId) + CALLBACK_WINDOW_MS - IN_FLIGHT_MS;
  for (;;) {
    try {
      return await respond();
    } catch (error) {
      if (!(error instanceof RateLimitError)) throw error;
      const wait = exactWaits.get(interactionId) ?? error.retryAfter;
      exactWaits.delete(interactionId);
      if (Date.now() + wait > deadline) throw error;
      await sleep(wait);
    }
  }
}

/**
 * A follow-up or edit through the interaction's webhook: a 5xx (Discord having a bad moment) is
 * retried with growing waits, `firstWaitMs` doubled each time (1 s, 2 s, 4 s... by default) up to
 * a minute apart, for as long as the token lives; anything else is final.
 */
export async function whileTokenLives<T>(interactionId: string, send: () => Promise<T>, firstWaitMs = FIRST_BACKOFF_MS): Promise<T> {
  const expires = createdAt(interactionId) + TOKEN_LIFETIME_MS - IN_FLIGHT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      const status = error instanceof HTTPError || error instanceof DiscordAPIError ? error.status : 0;
      const wait = Math.min(firstWaitMs * 2 ** attempt, MAX_BACKOFF_MS);
      if (status < 500 || Date.now() + wait > expires) throw error;
      await sleep(wait);
    }
  }
}
