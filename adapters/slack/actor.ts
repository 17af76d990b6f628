import type { webApi } from "@slack/bolt";
import type { Actor } from "../../src/core/events.js";
import type { Logger } from "../../src/core/logger.js";
import { makeRef } from "../../src/core/refs.js";
import type { UserDirectory } from "./users.js";

/**
 * Who did something: name, admin flag and timezone from users.info (cached by the directory).
 * Admin rights come only from the workspace's own team: a person whose users.info names another
 * team (Slack Connect: someone of another organisation in a shared channel) is a member here,
 * whatever they are at home.
 */
export async function slackActor(
  users: UserDirectory,
  logger: Logger,
  client: webApi.WebClient,
  teamId: string,
  userId: string,
  fallbackName: string,
): Promise<Actor> {
  const actor: Actor = {
    user: makeRef("slack", teamId, userId),
    workspace: makeRef("slack", teamId),
    displayName: fallbackName || userId,
    platformAdmin: false,
  };
  try {
    const user = await users.lookup(client, teamId, userId);
    actor.displayName = user.displayName;
    if (user.teamId !== undefined && user.teamId !== teamId) actor.external = true;
    actor.platformAdmin = user.isAdmin && user.teamId === teamId;
    if (user.timezone) actor.timezone = user.timezone;
  } catch (error) {
    // Without users.info the person still gets an answer, as a non-admin in the workspace zone.
    logger.warn({ err: error, teamId, userId }, "users.info failed");
  }
  return actor;
}
