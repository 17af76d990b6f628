import { and, asc, eq, isNull } from "drizzle-orm";
import { members } from "../../../drizzle/schema/index.js";
import type { Member } from "../../members/service.js";
import type { PageContext } from "../page-context.js";

/**
 * The people whose progress, skills and check-ins the viewer may see, by chat's rule (the
 * person, their current mentor, or an admin): everyone for an admin, else themselves and their
 * current mentees.
 */
export async function visiblePeople(ctx: PageContext): Promise<Pick<Member, "id" | "displayName" | "ref">[]> {
  if (ctx.isAdmin) {
    return ctx.services.db
      .select({ id: members.id, displayName: members.displayName, ref: members.ref })
      .from(members)
      .where(and(eq(members.workspaceId, ctx.workspace.id), isNull(members.leftAt)))
      .orderBy(asc(members.displayName));
  }
  const mentees = await ctx.services.pairing.profiles.currentMentees(ctx.member.id);
  return [ctx.member, ...mentees.map((pair) => ({ id: pair.menteeId, displayName: pair.name, ref: pair.ref }))];
}
