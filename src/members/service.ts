import { and, asc, eq, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { members, type Role } from "../../drizzle/schema/index.js";
import type { Actor } from "../core/events.js";
import { MicroBatch } from "../core/micro-batch.js";
import type { UserRef } from "../core/refs.js";
import type { Db } from "../db/connection.js";
import type { Workspace } from "../workspaces/service.js";
import { closePeriods, mentoringRoles, openPeriods } from "./history.js";

export type Member = typeof members.$inferSelect;

export class MemberService {
  /** The member rows of concurrent events, read together (see MicroBatch). */
  private readonly knownRows = new MicroBatch<{ workspaceId: number; ref: UserRef }, Member | undefined>((keys) => this.byRefs(keys));

  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /**
   * The member behind an actor, created on first contact; display name kept current. Someone
   * new, or back after leaving, starts a stretch as a member (and in the roles they hold).
   */
  async ensure(workspace: Workspace, actor: Actor): Promise<Member> {
    // Most events come from known, unchanged members: a read, no write.
    const known = await this.knownRows.load({ workspaceId: workspace.id, ref: actor.user });
    if (known && known.displayName === actor.displayName && known.leftAt === null) return known;
    const now = this.now();
    const [row] = await this.db
      .insert(members)
      .values({ workspaceId: workspace.id, ref: actor.user, displayName: actor.displayName, timezone: actor.timezone ?? null, createdAt: now })
      .onConflictDoUpdate({
        target: [members.workspaceId, members.ref],
        set: { displayName: sql`excluded.display_name`, leftAt: null, leftHandledAt: null },
      })
      .returning();
    const member = row as Member;
    if (!known || known.leftAt !== null) await openPeriods(this.db, member, ["member", ...mentoringRoles(member.roles)], now);
    return member;
  }

  async byId(id: number): Promise<Member | undefined> {
    return this.db.query.members.findFirst({ where: eq(members.id, id) });
  }

  async byRef(workspaceId: number, ref: UserRef): Promise<Member | undefined> {
    return this.db.query.members.findFirst({ where: and(eq(members.workspaceId, workspaceId), eq(members.ref, ref)) });
  }

  /** Members by (workspace, ref), one statement for all; undefined where there is none. */
  private async byRefs(keys: { workspaceId: number; ref: UserRef }[]): Promise<(Member | undefined)[]> {
    const rows = await this.db
      .select()
      .from(members)
      .where(and(inArray(members.workspaceId, [...new Set(keys.map((k) => k.workspaceId))]), inArray(members.ref, [...new Set(keys.map((k) => k.ref))])));
    const found = new Map(rows.map((row) => [`${row.workspaceId}:${row.ref}`, row]));
    return keys.map((k) => found.get(`${k.workspaceId}:${k.ref}`));
  }

  /**
   * The member a person named in a command: "@maria", "maria", a platform id ("U123"), or a
   * platform mention ("<@U123|maria>"). Ids are tried first, then display names.
   */
  async findByMention(workspace: Workspace, mention: string): Promise<Member | undefined> {
    const token = mention.replace(/^<@!?/, "").replace(/>$/, "").split("|")[0]?.replace(/^@/, "") ?? "";
    if (!/^[A-Za-z0-9._-]{1,80}$/.test(token)) return undefined;
    const byRef = await this.byRef(workspace.id, `${workspace.ref}:${token}`);
    if (byRef) return byRef;
    return this.db.query.members.findFirst({
      where: and(eq(members.workspaceId, workspace.id), sql`lower(${members.displayName}) = ${token.toLowerCase()}`),
    });
  }

  /**
   * Someone left the workspace: kept for history, their stretches as member, mentee and mentor
   * end. The leaving is handled once the domains have let go of them (markLeftHandled).
   */
  async markLeft(member: Member, when: Date): Promise<Member> {
    await this.db.update(members).set({ leftAt: when, leftHandledAt: null }).where(eq(members.id, member.id));
    await closePeriods(this.db, member.id, ["member", "mentee", "mentor"], when);
    return { ...member, leftAt: when, leftHandledAt: null };
  }

  /** Records this leaving as handled; a no-op if the person came back (or left again) meanwhile. */
  async markLeftHandled(member: Member, when: Date): Promise<void> {
    if (!member.leftAt) return;
    await this.db
      .update(members)
      .set({ leftHandledAt: when })
      .where(and(eq(members.id, member.id), eq(members.leftAt, member.leftAt)));
  }

  /** People of any workspace who left before `leftBefore` and whose leaving is not handled yet, oldest first. */
  async unhandledLeavers(leftBefore: Date, limit: number): Promise<Member[]> {
    return this.db
      .select()
      .from(members)
      .where(and(isNotNull(members.leftAt), isNull(members.leftHandledAt), lt(members.leftAt, leftBefore)))
      .orderBy(asc(members.leftAt))
      .limit(limit);
  }

  async setTimezone(member: Member, timezone: string): Promise<void> {
    await this.db.update(members).set({ timezone }).where(eq(members.id, member.id));
  }

  async addRole(member: Member, role: Role): Promise<void> {
    await this.db
      .update(members)
      .set({ roles: sql`array(select distinct unnest(${members.roles} || array[${role}]::text[]))` })
      .where(eq(members.id, member.id));
  }

  timezoneOf(member: Member, workspace: Workspace): string {
    return member.timezone ?? workspace.timezone;
  }
}

/** Admin rights here: the platform's word or the recorded role, and never for a person of another organisation. */
export function isAdmin(member: Member, actor: Pick<Actor, "platformAdmin" | "external">): boolean {
  if (actor.external) return false;
  return actor.platformAdmin || member.roles.includes("admin");
}
