import { percent } from "../../quizzes/mastery.js";
import { html, messageToHtml } from "../html.js";
import type { Page } from "../page-context.js";
import { runAs } from "../run-command.js";
import { visiblePeople } from "./people.js";

function heatClass(mastery: number | undefined): string {
  if (mastery === undefined) return "heat none";
  return mastery >= 0.8 ? "heat h2" : mastery >= 0.5 ? "heat h1" : "heat h0";
}

/** A people-by-skill mastery heatmap of those the viewer may see, and their own chart. */
export const skillsPage: Page = {
  path: "/skills",
  title: "Skills",
  async render(ctx) {
    const { services } = ctx;
    const skills = services.lessons.skills;
    const now = services.now();
    const people = await visiblePeople(ctx);
    const rows = await Promise.all(people.map(async (p) => ({ person: p, profile: await services.quizzes.skillProfile(p.id, skills, now) })));
    const heatmap = html`<table id="heatmap"><tr><th>person</th>${skills.map((s) => html`<th>${s.title}</th>`)}</tr>
      ${rows.map(
        (r) =>
          html`<tr><td>${r.person.displayName}</td>${r.profile.map((s) => html`<td class="${heatClass(s.mastery)}" title="${s.right} of ${s.answers} right">${s.mastery === undefined ? "–" : percent(s.mastery)}</td>`)}</tr>`,
      )}</table>`;
    const own = await runAs(ctx.core, ctx.grant, "skills");
    return html`<section class="card"><h2>Mastery by person and skill</h2>${heatmap}<p class="context">How likely each person is to get a question of the skill right today; – means no answers yet.</p></section>
      <section class="card">${own.map(messageToHtml)}</section>`;
  },
};
