import { teamReport } from "../../checkins/report.js";
import { chartData, html, messageToHtml } from "../html.js";
import type { Page } from "../page-context.js";
import { runAs } from "../run-command.js";

/**
 * Check-ins as chat shows them to this viewer: admins get the weekly rates and mood from the
 * report (aggregates, no text) and the text of no one; mentors their mentees' week as in the
 * digest; everyone their own recent check-ins.
 */
export const checkinsPage: Page = {
  path: "/checkins",
  title: "Check-ins",
  async render(ctx) {
    const sections = [];
    if (ctx.isAdmin) {
      const { rows } = await teamReport(ctx.services, ctx.workspace);
      sections.push(html`<section class="card"><h2>Rates and mood per week</h2>${chartData("checkin-trend", {
        type: "line",
        labels: rows.map((r) => r.week),
        series: [
          { label: "check-ins submitted", values: rows.map((r) => Number(r.checkins_submitted)) },
          { label: "average mood (1-5)", values: rows.map((r) => (r.average_mood === "" ? null : Number(r.average_mood))) },
        ],
      })}<table><tr><th>week</th><th>asked</th><th>submitted</th><th>rate</th><th>average mood</th></tr>
      ${rows.map((r) => html`<tr><td>${r.week}</td><td>${r.checkins_asked}</td><td>${r.checkins_submitted}</td><td>${r.checkin_rate || "–"}</td><td>${r.average_mood || "–"}</td></tr>`)}</table>
      <p class="context">Aggregates only: check-in text is shown to the mentee, their mentors and, one person at a time, to admins in chat.</p></section>`);
    }
    const mentees = await ctx.services.pairing.profiles.currentMentees(ctx.member.id);
    if (mentees.length > 0) {
      const digest = await runAs(ctx.core, ctx.grant, "digest");
      sections.push(html`<section class="card"><h2>Your mentees' week</h2>${digest.map(messageToHtml)}</section>`);
    }
    const own = await runAs(ctx.core, ctx.grant, "checkins");
    sections.push(html`<section class="card"><h2>Your check-ins</h2>${own.map(messageToHtml)}</section>`);
    return html`${sections}`;
  },
};
