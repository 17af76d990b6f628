import { adminOnlySentence } from "./access.js";
import type { CommandContext } from "./context.js";
import { UserError } from "./errors.js";

/**
 * Named preconditions: small checks a command, a button and a form all run the same way, each
 * refusing with a UserError (shown as is, counted by its code).
 */

/** The person is an admin of this workspace; `path` names the command they were refused. */
export function requireAdmin(ctx: Pick<CommandContext, "isAdmin" | "actor">, path: readonly string[]): void {
  if (!ctx.isAdmin) throw new UserError("admin_only", adminOnlySentence(path, ctx.actor));
}

/**
 * The row exists and belongs to the person's workspace. An id from a button or a form is the
 * person's to forge, so a row of another workspace is refused like a missing one.
 */
export function requireSameWorkspace<T extends { workspaceId: number }>(ctx: Pick<CommandContext, "workspace">, row: T | undefined, refusal: UserError): T {
  if (!row || row.workspaceId !== ctx.workspace.id) throw refusal;
  return row;
}
