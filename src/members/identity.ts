import type { Actor } from "../core/events.js";
import type { IdentityPort } from "../core/ports.js";
import type { UserRef, WorkspaceRef } from "../core/refs.js";
import type { Workspace, WorkspaceService } from "../workspaces/service.js";
import { isAdmin, type Member, type MemberService } from "./service.js";

/** The core's IdentityPort: workspaces and members as Postgres holds them. */
export class MemberIdentity implements IdentityPort {
  constructor(
    private readonly workspaces: WorkspaceService,
    private readonly members: MemberService,
    private readonly now: () => Date,
  ) {}

  workspace(ref: WorkspaceRef): Promise<Workspace> {
    return this.workspaces.ensure(ref);
  }

  claimEffect(workspaceId: number, key: string): Promise<boolean> {
    return this.workspaces.claimEffect(workspaceId, key);
  }

  /** Platform admins are recorded as admins, so jobs (escalations) can find them later. */
  async member(workspace: Workspace, actor: Actor): Promise<Member> {
    const member = await this.members.ensure(workspace, actor);
    if (!actor.platformAdmin || actor.external || member.roles.includes("admin")) return member;
    await this.members.addRole(member, "admin");
    return { ...member, roles: [...member.roles, "admin"] };
  }

  isAdmin(member: Member, actor: Pick<Actor, "platformAdmin" | "external">): boolean {
    return isAdmin(member, actor);
  }

  /** Answers and history stay; the member is only marked as gone, and returned until that leaving is handled. */
  async markLeft(workspaceRef: WorkspaceRef, user: UserRef): Promise<Member | undefined> {
    const workspace = await this.workspaces.ensure(workspaceRef);
    const member = await this.members.byRef(workspace.id, user);
    if (!member) return undefined;
    if (!member.leftAt) return this.members.markLeft(member, this.now());
    return member.leftHandledAt ? undefined : member;
  }

  markLeftHandled(member: Member): Promise<void> {
    return this.members.markLeftHandled(member, this.now());
  }

  unhandledLeavers(leftBefore: Date, limit: number): Promise<Member[]> {
    return this.members.unhandledLeavers(leftBefore, limit);
  }
}
