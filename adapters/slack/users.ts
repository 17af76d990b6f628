import type { webApi } from "@slack/bolt";

export interface SlackUser {
  id: string;
  /** The person's own team: another one than the workspace's for a Slack Connect guest. */
  teamId?: string;
  displayName: string;
  timezone?: string;
  isAdmin: boolean;
  isBot: boolean;
}

const FRESH_MS = 10 * 60_000;
const MAX_ENTRIES = 10_000;

/**
 * users.info answers, kept ten minutes. Every interaction needs the person's admin flag and
 * timezone, and users.info is rate limited per workspace, so one lookup serves many clicks.
 * A replica that does not have the answer simply asks Slack: nothing here is shared state.
 */
export class UserDirectory {
  private readonly cache = new Map<string, { user: SlackUser; at: number }>();

  async lookup(client: webApi.WebClient, teamId: string, userId: string): Promise<SlackUser> {
    const key = `${teamId}:${userId}`;
    const cached = this.cache.get(key);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.user;
    const answer = await client.users.info({ user: userId });
    const info = answer.user ?? {};
    const user: SlackUser = {
      id: userId,
      displayName: info.profile?.display_name || info.real_name || info.name || userId,
      isAdmin: info.is_admin === true || info.is_owner === true,
      isBot: info.is_bot === true,
    };
    if (info.team_id) user.teamId = info.team_id;
    if (info.tz) user.timezone = info.tz;
    if (this.cache.size >= MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(key, { user, at: Date.now() });
    return user;
  }
}
