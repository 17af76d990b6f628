import { and, eq, isNull } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { members, pairs } from "../../../drizzle/schema/index.js";
import { readerTime } from "../../core/text.js";
import { html, messageToHtml } from "../html.js";
import type { Page } from "../page-context.js";
import { runAs } from "../run-command.js";

/**
 * Admins: the current pairs with the fit the matcher gave them and its explanation, the history
 * with how each pair ended and why (`pair history`), and the next round's preview with the
 * unmatched (`pair preview`). Everyone else: their mentor and mentees.
 */
export const pairingPage: Page = {
  path: "/pairing",
  title: "Pairing",
  async render(ctx) {
    if (!ctx.isAdmin) {
      const answers = [...(await runAs(ctx.core, ctx.grant, "mentor")), ...(await runAs(ctx.core, ctx.grant, "mentees"))];
      return html`<section class="card">${answers.map(messageToHtml)}</section>`;
    }
    const mentor = alias(members, "mentor");
    const mentee = alias(members, "mentee");
    const current = await ctx.services.db
      .select({ mentor: mentor.displayName, mentee: mentee.displayName, fit: pairs.fit, reason: pairs.reason, since: pairs.startedAt })
      .from(pairs)
      .innerJoin(mentor, eq(mentor.id, pairs.mentorId))
      .innerJoin(mentee, eq(mentee.id, pairs.menteeId))
      .where(and(eq(pairs.workspaceId, ctx.workspace.id), isNull(pairs.endedAt)));
    const table =
      current.length === 0
        ? html`<p>No current pairs.</p>`
        : html`<table id="pairs"><tr><th>mentor</th><th>mentee</th><th>since</th><th>fit</th><th>why</th></tr>
          ${current.map((p) => html`<tr><td>${p.mentor}</td><td>${p.mentee}</td><td>${readerTime(p.since, "dateTime", ctx.timezone)}</td><td>${p.fit.toFixed(2)}</td><td>${p.reason}</td></tr>`)}</table>`;
    const history = await runAs(ctx.core, ctx.grant, "pair history");
    const preview = await runAs(ctx.core, ctx.grant, "pair preview");
    return html`<section class="card"><h2>Current pairs</h2>${table}</section>
      <section class="card"><h2>Next round (preview, changes nothing)</h2>${preview.map(messageToHtml)}</section>
      <section class="card"><h2>History</h2>${history.map(messageToHtml)}</section>`;
  },
};
