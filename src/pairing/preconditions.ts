import type { CommandContext } from "../core/context.js";
import type { UserError } from "../core/errors.js";

/** The person is the subject, one of the subject's current mentors, or an admin. */
export async function requireSelfMentorOrAdmin(ctx: CommandContext, subjectId: number, refusal: UserError): Promise<void> {
  if (subjectId === ctx.member.id || ctx.isAdmin) return;
  if (!(await ctx.services.pairing.profiles.isMentorOf(ctx.member.id, subjectId))) throw refusal;
}

/** The person is one of the subject's current mentors. */
export async function requireMentorOf(ctx: CommandContext, subjectId: number, refusal: UserError): Promise<void> {
  if (!(await ctx.services.pairing.profiles.isMentorOf(ctx.member.id, subjectId))) throw refusal;
}
