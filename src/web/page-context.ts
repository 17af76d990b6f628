import type { BotCore } from "../core/bot.js";
import type { Member } from "../members/service.js";
import type { Services } from "../services.js";
import type { Workspace } from "../workspaces/service.js";
import type { Grant } from "./grants.js";
import type { Html } from "./html.js";

/** What a workspace page knows: the viewer as the chat would see them, in one workspace. */
export interface PageContext {
  services: Services;
  core: BotCore;
  workspace: Workspace;
  grant: Grant;
  member: Member;
  isAdmin: boolean;
  /** The viewer's zone: their own, else the workspace's. */
  timezone: string;
  csrfToken: string;
}

export interface Page {
  /** After /w/:workspaceId; "" is the overview. */
  path: string;
  title: string;
  /** Admins only: others get 403 with the sentence chat gives them. */
  adminOnly?: boolean;
  render(ctx: PageContext): Promise<Html>;
}
