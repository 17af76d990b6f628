import { teamReport } from "../../checkins/report.js";
import { chartData, html, messageToHtml } from "../html.js";
import type { Page } from "../page-context.js";
import { runAs } from "../run-command.js";

/**
 * Admins: the workspace at a glance (members, active pairs, lessons done this week and the
 * participation trend, from the same numbers as `/mentor report`). Everyone else: their own
 * progress, as `/mentor progress` shows it.
 */
export const overviewPage: Page = {
  path: "",
  title: "Overview",
  async render(ctx) {
    const progress = await runAs(ctx.core, ctx.grant, "progress");
    const own = html`<section class="card"><h2>Your progress</h2>${progress.map(messageToHtml)}</section>`;
    if (!ctx.isAdmin) return own;
    const { rows } = await teamReport(ctx.services, ctx.workspace);
    const week = rows[rows.length - 1];
    const numbers = html`<div class="numbers">
      <div><b id="members-count">${week?.members ?? 0}</b>members</div>
      <div><b id="pairs-count">${week?.active_pairs ?? 0}</b>active pairs</div>
      <div><b id="lessons-count">${week?.lessons_completed ?? 0}</b>lessons done this week</div>
      <div><b>${week?.checkin_rate || "–"}</b>check-in rate this week</div>
    </div>`;
    const trend = chartData("participation", {
      type: "line",
      labels: rows.map((r) => r.week),
      series: [
        { label: "members with a lesson done", values: rows.map((r) => Number(r.members_with_a_lesson)) },
        { label: "lessons done", values: rows.map((r) => Number(r.lessons_completed)) },
        { label: "quiz answers", values: rows.map((r) => Number(r.quiz_answers)) },
      ],
    });
    return html`${numbers}<section class="card"><h2>Participation, last ${rows.length} weeks</h2>${trend}
      <table><tr><th>week</th><th>members</th><th>with a lesson done</th><th>lessons done</th><th>quiz answers</th></tr>
      ${rows.map((r) => html`<tr><td>${r.week}</td><td>${r.members}</td><td>${r.members_with_a_lesson}</td><td>${r.lessons_completed}</td><td>${r.quiz_answers}</td></tr>`)}</table></section>${own}`;
  },
};
