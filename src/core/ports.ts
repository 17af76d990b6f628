import type { Metrics } from "../http/metrics.js";
import type { AdapterRegistry } from "./adapters.js";
import type { Actor } from "./events.js";
import type { Logger } from "./logger.js";
import type { UserRef, WorkspaceRef } from "./refs.js";

/**
 * The ports the core itself uses. The core names no domain: the workspace and member a handler
 * sees, and the services it is handed, are declared by the app (`src/services.ts` merges the
 * domain types into the interfaces below), and the core reads only the fields written here.
 */
export interface CoreServices {
  logger: Logger;
  metrics?: Metrics;
  adapters: AdapterRegistry;
  identity: IdentityPort;
  /** The current time; tests move it. */
  now(): Date;
}

/** Everything handlers are handed (`ctx.services`); the app adds its domains' services. */
export interface AppServices extends CoreServices {}

/** The workspace an event happened in, as the app stores it. */
export interface AppWorkspace {
  id: number;
}

/** The person behind an event, as the app stores them. */
export interface AppMember {
  id: number;
}

/** Who is who: the core resolves every event's workspace and member through this. */
export interface IdentityPort {
  /** The workspace row for a platform workspace ref, created on first contact. */
  workspace(ref: WorkspaceRef): Promise<AppWorkspace>;
  /** Claims a once-only effect key in a workspace; false when it was claimed before. */
  claimEffect(workspaceId: number, key: string): Promise<boolean>;
  /** The actor's member row, created on first contact (platform admins are recorded as admins). */
  member(workspace: AppWorkspace, actor: Actor): Promise<AppMember>;
  isAdmin(member: AppMember, actor: Pick<Actor, "platformAdmin" | "external">): boolean;
  /**
   * Marks the person gone (once); returns their member row while that leaving is not handled yet
   * (undefined if unknown, or gone and handled already).
   */
  markLeft(workspace: WorkspaceRef, user: UserRef): Promise<AppMember | undefined>;
  /** Records that every member-left listener has run for this leaving. */
  markLeftHandled(member: AppMember): Promise<void>;
  /** People who left before `leftBefore` and whose leaving is not handled yet, oldest first, at most `limit`. */
  unhandledLeavers(leftBefore: Date, limit: number): Promise<AppMember[]>;
}
